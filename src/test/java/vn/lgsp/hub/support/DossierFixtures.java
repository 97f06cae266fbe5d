package vn.lgsp.hub.support;

/** Dossier documents the tests register. */
public final class DossierFixtures {

    private DossierFixtures() {
    }

    /** A dossier with every field the portal shows of it (docs/api.md §4). */
    public static String portalReady(String receivedAt, String idNumber) {
        return """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "%s",
                 "channel": "ONLINE", "status": "RECEIVED",
                 "procedureName": "Đăng ký khai sinh", "fieldCode": "G09-TP07", "fieldName": "Hộ tịch",
                 "summary": "Đăng ký khai sinh cho con", "dueAt": "2026-11-25T17:00:00+07:00",
                 "handlingUnit": "UBND xã Tân Định", "resultDelivery": "BY_POST",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "%s", "name": "Nguyễn Văn An",
                               "type": "CITIZEN", "email": "an.nguyen@example.vn", "phone": "0912 345 678"},
                 "components": [{"code": "TP1", "name": "Tờ khai", "digitized": true, "reused": false,
                                 "fileUrl": "https://dvc.example.gov.vn/files/tp1.pdf"}]}
                """.formatted(receivedAt, idNumber);
    }
}
