package vn.lgsp.hub.criminalrecords;

import java.util.List;

/**
 * {@code POST /api/v1/criminal-record-requests}: whose certificate, which one (No. 1, or No. 2 with
 * the full record) and what for, and the optional rest of the declaration (tờ khai) the service takes
 * (docs/api.md §3). Stored encrypted as posted; values are checked by {@link CriminalRecordValidation},
 * not by type, so that every broken rule can be named at once.
 *
 * @param purposeCode           the service's purpose code (maMucDich), passed through
 * @param copies                copies asked for (soLuongCap), 1-10; 1 when absent
 * @param includeCivilJudgments whether bans from positions are to be certified (yeuCauCDNCV)
 * @param channel               {@code ONLINE} or {@code AT_COUNTER} (nguonDangKy); {@code AT_COUNTER} when absent
 */
record CriminalRecordDocument(String personalId, Integer certificateType, String purpose, Applicant applicant,
                              String purposeCode, Integer copies, Boolean includeCivilJudgments, String channel) {

    /** The minimal request: what every client sent before the declaration's optional fields. */
    static CriminalRecordDocument minimal(String personalId, Integer certificateType, String purpose,
                                          Applicant applicant) {
        return new CriminalRecordDocument(personalId, certificateType, purpose, applicant, null, null, null, null);
    }

    @Override
    public String toString() {
        return "CriminalRecordDocument[***]";
    }

    /**
     * The person the certificate is about.
     *
     * @param gender      {@code MALE} or {@code FEMALE}
     * @param nationality ISO 3166-1 alpha-2; {@code VN} when absent
     * @param ethnicity   two digits of the national ethnicity list ({@code 01} Kinh)
     */
    record Applicant(String fullName, String dateOfBirth, String gender, String otherName, String nationality,
                     String ethnicity, IdDocument idDocument, String phone, String email, Address permanentAddress,
                     Address temporaryAddress, Address placeOfBirth, List<Residence> residences, Relative father,
                     Relative mother, Relative spouse) {

        /** Name and birth date only: the minimal request. */
        static Applicant minimal(String fullName, String dateOfBirth) {
            return new Applicant(fullName, dateOfBirth, null, null, null, null, null, null, null, null, null, null, null,
                    null, null, null);
        }

        @Override
        public String toString() {
            return "Applicant[***]";
        }
    }

    /** The identity document whose number is {@code personalId}: its type code, when and by whom it was issued. */
    record IdDocument(String type, String issuedOn, String issuedBy) {

        @Override
        public String toString() {
            return "IdDocument[***]";
        }
    }

    /** An address by the administrative units' codes and names, and its detail (house, street). */
    record Address(String provinceCode, String provinceName, String districtCode, String districtName, String wardCode,
                   String wardName, String detail) {

        @Override
        public String toString() {
            return "Address[***]";
        }
    }

    /** A period of residence: from and to as {@code YYYY-MM} or {@code YYYY-MM-DD}, where, and the work done. */
    record Residence(String from, String to, String place, String occupation, String workplace) {

        @Override
        public String toString() {
            return "Residence[***]";
        }
    }

    /** A parent or the spouse: name, and birth as {@code YYYY-MM-DD} or a year {@code YYYY}. */
    record Relative(String fullName, String dateOfBirth) {

        @Override
        public String toString() {
            return "Relative[***]";
        }
    }
}
