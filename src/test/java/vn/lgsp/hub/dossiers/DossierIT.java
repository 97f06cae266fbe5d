package vn.lgsp.hub.dossiers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.DossierFixtures;
import vn.lgsp.hub.support.HubIT;

/** docs/api.md §4: registering a dossier, its events, and reading it back with its lookups. */
class DossierIT extends HubIT {

    static String document(String receivedAt, boolean reused, String idNumber) {
        return """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "%s",
                 "channel": "IN_PERSON", "status": "RECEIVED",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "%s"},
                 "components": [{"code": "TP1", "name": "Tờ khai", "digitized": true, "reused": %s}]}
                """.formatted(receivedAt, idNumber, reused);
    }

    private static String newId() {
        return "000.00.12.H12-261120-" + System.nanoTime();
    }

    @Test
    void aRegisteredDossierIsAcceptedPendingAndReadBackWithItsLookups() {
        String id = newId();
        Response accepted = putDossier(id, document("2026-11-20T08:15:00+07:00", true, "074085000123"), PROVINCIAL_KEY);
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().path("dossierId").asText()).isEqualTo(id);
        assertThat(accepted.json().path("syncState").asText()).isEqualTo("PENDING");
        get("/api/v1/citizens/074085000123", PROVINCIAL_KEY, "X-Dossier-Id", id, "X-Procedure-Code", "1.001612");
        get("/api/v1/land-parcels/25747/99/9999", PROVINCIAL_KEY, "X-Dossier-Id", id, "X-Procedure-Code", "1.001612");

        JsonNode dossier = get("/api/v1/dossiers/" + id, PROVINCIAL_KEY).json();

        assertThat(dossier.path("dossierId").asText()).isEqualTo(id);
        assertThat(dossier.path("procedureCode").asText()).isEqualTo("1.001612");
        assertThat(dossier.path("agencyCode").asText()).isEqualTo("000.00.12.H12");
        assertThat(dossier.path("receivedAt").asText()).isEqualTo("2026-11-20T08:15:00+07:00");
        assertThat(dossier.path("channel").asText()).isEqualTo("IN_PERSON");
        assertThat(dossier.path("status").asText()).isEqualTo("RECEIVED");
        assertThat(dossier.path("applicant").path("idNumber").asText()).isEqualTo("074085000123");
        assertThat(dossier.path("components").get(0).path("reused").asBoolean()).isTrue();
        // the sync to the portal may already have happened
        assertThat(dossier.path("syncState").asText()).isIn("PENDING", "SYNCED");
        assertThat(dossier.path("syncAttempts").asInt()).isBetween(0, 1);
        assertThat(dossier.has("lastSyncError")).isTrue();
        assertThat(dossier.has("lastSyncedAt")).isTrue();
        JsonNode lookups = dossier.path("lookups");
        assertThat(lookups).hasSize(2);
        assertThat(lookups.get(0).path("source").asText()).isEqualTo("citizens");
        assertThat(lookups.get(0).path("outcome").asText()).isEqualTo("FOUND");
        assertThat(lookups.get(0).path("servedFrom").asText()).isEqualTo("source");
        assertThat(lookups.get(0).path("at").asText()).endsWith("+07:00");
        assertThat(lookups.get(1).path("outcome").asText()).isEqualTo("NOT_FOUND");
    }

    @Test
    void eventsMoveTheStatusOnAndAnOlderEventIs409() {
        String id = newId();
        putDossier(id, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY);

        assertThat(dossierEvent(id, "PROCESSING", "2026-11-20T09:00:00+07:00").status()).isEqualTo(202);
        assertThat(dossierEvent(id, "RESOLVED", "2026-11-21T10:00:00+07:00").status()).isEqualTo(202);
        Response older = dossierEvent(id, "RETURNED", "2026-11-21T09:59:59+07:00");

        assertThat(older.status()).isEqualTo(409);
        assertThat(older.json().path("code").asText()).isEqualTo("client.conflict");
        JsonNode dossier = get("/api/v1/dossiers/" + id, PROVINCIAL_KEY).json();
        assertThat(dossier.path("status").asText()).isEqualTo("RESOLVED");
        assertThat(dossier.path("version").asInt()).isEqualTo(3);
    }

    /**
     * Changes requested at once are committed together (group commit): each still gets its own version, in the
     * order accepted, and a change refused (another client's dossier, an older event) fails alone.
     */
    @Test
    void changesMadeAtOnceEachGetTheirOwnVersionAndARefusalFailsAlone() throws Exception {
        String shared = newId();
        String foreign = newId();
        putDossier(shared, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY);
        putDossier(foreign, document("2026-11-20T08:15:00+07:00", false, "079190004567"), LAND_OFFICE_KEY);
        int clients = 16;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(clients);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<java.util.concurrent.Future<Response>> own = new java.util.ArrayList<>();
        java.util.List<java.util.concurrent.Future<Response>> refused = new java.util.ArrayList<>();
        for (int i = 0; i < clients; i++) {
            boolean foreignOne = i % 4 == 0;
            java.util.concurrent.Future<Response> f = pool.submit(() -> {
                start.await();
                return foreignOne
                        ? putDossier(foreign, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY)
                        : dossierEvent(shared, "PROCESSING", "2026-11-20T09:00:00+07:00");
            });
            (foreignOne ? refused : own).add(f);
        }
        start.countDown();

        java.util.List<Integer> versions = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Response> f : own) {
            Response r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(202);
            versions.add(r.json().path("version").asInt());
        }
        for (java.util.concurrent.Future<Response> f : refused) {
            assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(403);
        }
        pool.shutdown();

        assertThat(versions).as("one version each, none lost, none twice")
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.rangeClosed(2, 1 + own.size())
                        .boxed().toList());
        assertThat(get("/api/v1/dossiers/" + shared, PROVINCIAL_KEY).json().path("version").asInt())
                .isEqualTo(1 + own.size());
        assertThat(get("/api/v1/dossiers/" + foreign, LAND_OFFICE_KEY).json().path("version").asInt()).isEqualTo(1);
    }

    @Test
    void anEventBeforeTheDossierWasReceivedIs409() {
        String id = newId();
        putDossier(id, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY);

        assertThat(dossierEvent(id, "PROCESSING", "2026-11-19T08:15:00+07:00").status()).isEqualTo(409);
    }

    @Test
    void anEventForAnUnknownDossierIs404() {
        Response response = dossierEvent("NO-SUCH-DOSSIER", "PROCESSING", "2026-11-20T09:00:00+07:00");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("client.not_found");
    }

    @Test
    void anUnknownDossierIs404() {
        assertThat(get("/api/v1/dossiers/NO-SUCH-DOSSIER", PROVINCIAL_KEY).status()).isEqualTo(404);
    }

    @Test
    void replacingADossierKeepsOneRecordAndBumpsTheVersion() {
        String id = newId();
        putDossier(id, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY);

        Response replaced = putDossier(id, document("2026-11-20T08:15:00+07:00", true, "079190004567"), PROVINCIAL_KEY);

        assertThat(replaced.status()).isEqualTo(202);
        assertThat(replaced.json().path("version").asInt()).isEqualTo(2);
        assertThat(get("/api/v1/dossiers/" + id, PROVINCIAL_KEY).json().path("components").get(0)
                .path("reused").asBoolean()).isTrue();
    }

    @Test
    void anotherClientCannotReadOrReplaceADossier() {
        String id = newId();
        putDossier(id, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY);

        assertThat(get("/api/v1/dossiers/" + id, LAND_OFFICE_KEY).status()).isEqualTo(403);
        assertThat(putDossier(id, document("2026-11-20T08:15:00+07:00", false, "079190004567"), LAND_OFFICE_KEY).status())
                .isEqualTo(403);
    }

    @Test
    void anUnknownEnumValueIs400NamingTheField() {
        Response response = putDossier(newId(), document("2026-11-20T08:15:00+07:00", false, "079190004567")
                .replace("IN_PERSON", "FAX"), PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("channel");
    }

    @Test
    void anEnumValueIsTakenOnlyAsSpelledNeitherPaddedNorByPosition() {
        String document = document("2026-11-20T08:15:00+07:00", false, "079190004567");
        for (String variant : new String[] {document.replace("\"IN_PERSON\"", "\" IN_PERSON\""),
                document.replace("\"IN_PERSON\"", "\"IN_PERSON \""), document.replace("\"IN_PERSON\"", "0")}) {
            Response response = putDossier(newId(), variant, PROVINCIAL_KEY);

            assertThat(response.status()).as(variant).isEqualTo(400);
            assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("channel");
        }
    }

    @Test
    void malformedJsonIs400() {
        Response response = putDossier(newId(), "{\"procedureCode\": ", PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
    }

    @Test
    void missingFieldsAreAllNamed() {
        Response response = putDossier(newId(), "{\"channel\": \"ONLINE\"}", PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").findValuesAsText("field"))
                .contains("procedureCode", "agencyCode", "receivedAt", "status", "applicant");
    }

    @Test
    void anInvalidApplicantPersonalIdIs400InvalidPersonalId() {
        Response response = putDossier(newId(), document("2026-11-20T08:15:00+07:00", false, "999085000123"), PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_personal_id");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("applicant.idNumber");
    }

    @Test
    void aBodyOver256KiBIsRefused() {
        String big = document("2026-11-20T08:15:00+07:00", false, "079190004567")
                .replace("Tờ khai", "x".repeat(300 * 1024));

        Response response = putDossier(newId(), big, PROVINCIAL_KEY);

        assertThat(response.status()).isIn(400, 413);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
    }

    @Test
    void theFieldsThePortalShowsAreAcceptedAndReadBack() {
        String id = newId();

        Response accepted = putDossier(id, DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", "079190004567"), PROVINCIAL_KEY);

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode d = get("/api/v1/dossiers/" + id, PROVINCIAL_KEY).json();
        assertThat(d.path("procedureName").asText()).isEqualTo("Đăng ký khai sinh");
        assertThat(d.path("fieldCode").asText()).isEqualTo("G09-TP07");
        assertThat(d.path("fieldName").asText()).isEqualTo("Hộ tịch");
        assertThat(d.path("summary").asText()).isEqualTo("Đăng ký khai sinh cho con");
        assertThat(java.time.OffsetDateTime.parse(d.path("dueAt").asText()).toInstant())
                .isEqualTo(java.time.Instant.parse("2026-11-25T10:00:00Z"));
        assertThat(d.path("handlingUnit").asText()).isEqualTo("UBND xã Tân Định");
        assertThat(d.path("resultDelivery").asText()).isEqualTo("BY_POST");
        assertThat(d.path("applicant").path("name").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(d.path("applicant").path("type").asText()).isEqualTo("CITIZEN");
        assertThat(d.path("applicant").path("email").asText()).isEqualTo("an.nguyen@example.vn");
        assertThat(d.path("applicant").path("phone").asText()).isEqualTo("0912 345 678");
        assertThat(d.path("components").get(0).path("fileUrl").asText()).isEqualTo("https://dvc.example.gov.vn/files/tp1.pdf");
    }

    @Test
    void badPortalFieldsAreRefusedEachByName() {
        String bad = DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", "079190004567")
                .replace("\"Đăng ký khai sinh cho con\"", "\"" + "x".repeat(1001) + "\"")
                .replace("2026-11-25T17:00:00+07:00", "2026-11-19T17:00:00+07:00")
                .replace("an.nguyen@example.vn", "not-an-address")
                .replace("0912 345 678", "call me")
                .replace("https://dvc.example.gov.vn/files/tp1.pdf", "ftp://files/tp1.pdf")
                .replace("\"UBND xã Tân Định\"", "\"  \"");

        Response response = putDossier(newId(), bad, PROVINCIAL_KEY);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(response.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder(
                "summary", "dueAt", "applicant.email", "applicant.phone", "components[0].fileUrl", "handlingUnit");
        // no value is echoed
        assertThat(response.body()).doesNotContain("not-an-address").doesNotContain("call me");
    }

    @Test
    void anUnknownApplicantTypeOrResultDeliveryIs400NamingTheField() {
        Response type = putDossier(newId(), DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", "079190004567")
                .replace("\"CITIZEN\"", "\"ALIEN\""), PROVINCIAL_KEY);
        Response delivery = putDossier(newId(), DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", "079190004567")
                .replace("\"BY_POST\"", "\"BY_PIGEON\""), PROVINCIAL_KEY);

        assertThat(type.status()).isEqualTo(400);
        assertThat(type.json().path("errors").findValuesAsText("field")).contains("applicant.type");
        assertThat(delivery.status()).isEqualTo(400);
        assertThat(delivery.json().path("errors").findValuesAsText("field")).contains("resultDelivery");
    }

    @Test
    void theDocumentIsEncryptedAtRest() {
        String id = newId();
        putDossier(id, document("2026-11-20T08:15:00+07:00", false, "079190004567"), PROVINCIAL_KEY);

        byte[] stored = jdbc.queryForObject("SELECT document FROM dossier WHERE dossier_id = ?", byte[].class, id);
        assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain("079190004567")
                .doesNotContain("applicant");
    }
}
