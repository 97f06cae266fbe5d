package vn.lgsp.hub.criminalrecords;

/** Where a criminal-record request stands (API.md §3); all but PENDING are final. */
enum RequestStatus {
    PENDING, ISSUED, REJECTED, FAILED
}
