package vn.lgsp.hub.security;

/** What a client may do (docs/api.md §1). */
public enum Role {
    /** Data lookups, dossiers, criminal-record requests, within its source grants. */
    CLIENT,
    /** Reuse reports. */
    AUDITOR,
    /** Everything under /api/v1/admin, plus reports. */
    ADMIN
}
