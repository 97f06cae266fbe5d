package vn.lgsp.hub.criminalrecords;

/** Where a criminal-record request stands (docs/api.md §3); all but PENDING are final. */
enum RequestStatus {
    PENDING, ISSUED, REJECTED, FAILED
}
