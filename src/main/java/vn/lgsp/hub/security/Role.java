package vn.lgsp.hub.security;

/** What a client may do (docs/api.md §1). */
public enum Role {
    /** Data lookups, dossiers, criminal-record requests, within its source grants. */
    CLIENT,
    /** Reuse reports. */
    AUDITOR,
    /** Everything under /api/v1/admin, plus reports. */
    ADMIN,
    /**
     * The public-service portal acting for a citizen it has authenticated: who used that citizen's data
     * ({@code /api/v1/data-subjects/**}). Nothing else.
     */
    DATA_SUBJECT_PORTAL
}
