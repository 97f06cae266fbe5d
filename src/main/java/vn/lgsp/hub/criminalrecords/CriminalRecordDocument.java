package vn.lgsp.hub.criminalrecords;

/**
 * {@code POST /api/v1/criminal-record-requests}: whose certificate, which one (No. 1, or No. 2 with
 * the full record) and what for. Stored encrypted as posted; values are checked by
 * {@link CriminalRecordValidation}, not by type, so that every broken rule can be named at once.
 */
record CriminalRecordDocument(String personalId, Integer certificateType, String purpose, Applicant applicant) {

    @Override
    public String toString() {
        return "CriminalRecordDocument[***]";
    }

    record Applicant(String fullName, String dateOfBirth) {

        @Override
        public String toString() {
            return "Applicant[***]";
        }
    }
}
