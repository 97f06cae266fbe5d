package vn.lgsp.hub.dossiers;

/** Where a dossier stands; events move it on (docs/api.md §4). */
public enum DossierStatus {
    RECEIVED, PROCESSING, SUPPLEMENT_REQUESTED, RESOLVED, RETURNED, CANCELLED
}
