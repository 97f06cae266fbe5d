package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §2.5: one call pre-fills a dossier from every source its procedure needs (the shipped
 * catalogue's 2.001157: citizens, enterprises and land), in parallel, each part a lookup of its own.
 */
class PrefillIT extends HubIT {

    private static final String AN = "\"personalId\": \"074085000123\", \"fullName\": \"Nguyễn Văn An\", "
            + "\"birthDate\": \"1985-03-14\"";
    private static final String COMPANY = "\"enterpriseCode\": \"0100233488\"";
    private static final String PARCEL = "\"landParcel\": {\"communeCode\": \"25747\", \"mapSheet\": \"12\", "
            + "\"parcelNumber\": \"345\"}";
    private static final String WHO = "X-Officer-Id";

    @AfterEach
    void noDelay() {
        MOCKS.setGlobalFixedDelay(0);
    }

    private static String dossier() {
        return "000.00.12.H12-PF-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response prefill(String dossierId, String procedure, String body, String key) {
        return postJson("/api/v1/dossiers/" + dossierId + "/prefill", body, key, "X-Procedure-Code", procedure,
                WHO, "CB-0042", "X-Agency-Code", "000.00.12.H12");
    }

    private List<Map<String, Object>> ledgerOf(String dossierId) {
        return ledgerTables().queryForList("SELECT source, outcome, served_from, procedure_code, agency_code "
                + "FROM lookup_ledger WHERE dossier_id = ? ORDER BY source", dossierId);
    }

    @Test
    void everyPartAnswersInOneDocumentNarrowedToTheFormsFields() {
        String dossierId = dossier();
        Response answer = prefill(dossierId, "2.001157", "{" + AN + ", " + COMPANY + ", " + PARCEL + "}", PROVINCIAL_KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("complete").asBoolean()).isTrue();
        assertThat(body.path("dossierId").asText()).isEqualTo(dossierId);
        assertThat(body.path("procedureCode").asText()).isEqualTo("2.001157");
        JsonNode parts = body.path("parts");
        assertThat(parts.size()).isEqualTo(3);
        JsonNode citizen = parts.path("citizens");
        assertThat(citizen.path("status").asInt()).isEqualTo(200);
        assertThat(citizen.path("servedFrom").asText()).isEqualTo("source");
        assertThat(citizen.path("data").path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(citizen.path("data").path("permanentAddress").isObject()).isTrue();
        // the procedure's form does not need them: left out
        assertThat(citizen.path("data").has("ethnicity")).isFalse();
        assertThat(citizen.path("data").has("householdHead")).isFalse();
        assertThat(parts.path("enterprises").path("data").path("enterpriseCode").asText()).isEqualTo("0100233488");
        assertThat(parts.path("enterprises").path("data").has("businessLines")).isFalse();
        assertThat(parts.path("land").path("data").path("areaM2").isNumber()).isTrue();
        assertThat(parts.path("land").path("data").has("certificateNumber")).isFalse();

        // one ledger row per part, for the dossier, as the same three lookups one by one would leave
        assertThat(ledgerOf(dossierId)).extracting(r -> r.get("source") + " " + r.get("outcome") + " "
                        + r.get("served_from") + " " + r.get("procedure_code") + " " + r.get("agency_code"))
                .containsExactly("citizens FOUND source 2.001157 000.00.12.H12",
                        "enterprises FOUND source 2.001157 000.00.12.H12",
                        "land FOUND source 2.001157 000.00.12.H12");
        assertThat(jdbc.queryForList("SELECT source FROM dossier_source WHERE dossier_id = ? ORDER BY source",
                String.class, dossierId)).containsExactly("citizens", "enterprises", "land");
    }

    @Test
    void thePartsAreAskedAtOnce() {
        MOCKS.setGlobalFixedDelay(700);
        String dossierId = dossier();
        Response answer = prefill(dossierId, "2.001157", "{" + AN + ", " + COMPANY + ", " + PARCEL + "}", PROVINCIAL_KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<Date> received = new ArrayList<>(MOCKS.findAll(com.github.tomakehurst.wiremock.client.WireMock
                .anyRequestedFor(DATABASE_CALLS)).stream().map(LoggedRequest::getLoggedDate).toList());
        assertThat(received).hasSize(3);
        received.sort(null);
        // each call takes 700 ms: one after another, the last would come 1400 ms after the first
        assertThat(received.get(2).getTime() - received.get(0).getTime()).isLessThan(700);
    }

    @Test
    void aSlowSourceIsAnsweredAtItsTimeoutBesideTheOthers() {
        String dossierId = dossier();
        long started = System.nanoTime();
        Response answer = prefill(dossierId, "1.004227", "{" + AN + ", \"landParcel\": {\"communeCode\": \"25747\", "
                + "\"mapSheet\": \"99\", \"parcelNumber\": \"504\"}}", PROVINCIAL_KEY);
        long tookMs = (System.nanoTime() - started) / 1_000_000;

        assertThat(answer.status()).as(answer.body()).isEqualTo(207);
        JsonNode parts = answer.json().path("parts");
        assertThat(answer.json().path("complete").asBoolean()).isFalse();
        assertThat(parts.path("citizens").path("status").asInt()).isEqualTo(200);
        assertThat(parts.path("land").path("status").asInt()).isEqualTo(504);
        assertThat(parts.path("land").path("problem").path("code").asText()).isEqualTo("source.timeout");
        assertThat(parts.path("land").has("data")).isFalse();
        // the land source's timeout is 1 s in the tests (its mock answers after 5 s)
        assertThat(tookMs).isLessThan(4000);
        assertThat(ledgerOf(dossierId)).extracting(r -> r.get("source") + " " + r.get("outcome"))
                .containsExactly("citizens FOUND", "land TIMEOUT");
    }

    @Test
    void aSubjectTheDatabaseDoesNotHaveIsThatPartsProblem() {
        String dossierId = dossier();
        Response answer = prefill(dossierId, "2.000488", "{\"personalId\": \"074085999999\", \"fullName\": "
                + "\"Nguyễn Văn An\", \"birthDate\": \"1985-03-14\", " + COMPANY + "}", PROVINCIAL_KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(207);
        JsonNode parts = answer.json().path("parts");
        assertThat(parts.path("citizens").path("status").asInt()).isEqualTo(404);
        assertThat(parts.path("citizens").path("problem").path("code").asText()).isEqualTo("source.not_found");
        assertThat(parts.path("enterprises").path("status").asInt()).isEqualTo(200);
        assertThat(ledgerOf(dossierId)).extracting(r -> r.get("source") + " " + r.get("outcome"))
                .containsExactly("citizens NOT_FOUND", "enterprises FOUND");
    }

    @Test
    void aSourceTheClientHasNoGrantOfIsAForbiddenPartAndIsNeverAsked() {
        String dossierId = dossier();
        // land-office may ask the land database only
        Response answer = prefill(dossierId, "1.004227", "{" + AN + ", " + PARCEL + "}", LAND_OFFICE_KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(207);
        JsonNode parts = answer.json().path("parts");
        assertThat(parts.path("citizens").path("status").asInt()).isEqualTo(403);
        assertThat(parts.path("citizens").path("problem").path("code").asText()).isEqualTo("client.forbidden");
        assertThat(parts.path("land").path("status").asInt()).isEqualTo(200);
        assertThat(MOCKS.findAll(com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo("/dancuquocgia/TraCuuThongTinCongDan"))))
                .isEmpty();
    }

    @Test
    void theClientsFieldGrantsStillApply() {
        // land-registration-office sees a citizen's ID and name only
        Response answer = prefill(dossier(), "1.004227", "{" + AN + ", " + PARCEL + "}", "dev-land-registration-key");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode citizen = answer.json().path("parts").path("citizens").path("data");
        assertThat(citizen.path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(citizen.has("dateOfBirth")).isFalse();
        assertThat(citizen.has("permanentAddress")).isFalse();
        JsonNode holders = answer.json().path("parts").path("land").path("data").path("holders");
        assertThat(holders.isArray()).isTrue();
        assertThat(holders.get(0).has("fullName")).isTrue();
        assertThat(holders.get(0).has("personalId")).isFalse();
    }

    @Test
    void aSubjectTheBodyDoesNotGiveIsA400PartWithoutALookup() {
        String dossierId = dossier();
        Response answer = prefill(dossierId, "2.001157", "{" + AN + "}", PROVINCIAL_KEY);

        assertThat(answer.status()).as(answer.body()).isEqualTo(207);
        JsonNode parts = answer.json().path("parts");
        assertThat(parts.path("citizens").path("status").asInt()).isEqualTo(200);
        assertThat(parts.path("enterprises").path("status").asInt()).isEqualTo(400);
        assertThat(parts.path("enterprises").path("problem").path("errors").get(0).path("field").asText())
                .isEqualTo("enterpriseCode");
        assertThat(parts.path("land").path("problem").path("errors").get(0).path("field").asText())
                .isEqualTo("landParcel");
        assertThat(ledgerOf(dossierId)).extracting(r -> r.get("source")).containsExactly("citizens");
    }

    @Test
    void anInvalidSubjectRefusesTheWholeRequestBeforeAnyDatabaseIsAsked() {
        String dossierId = dossier();
        Response badId = prefill(dossierId, "2.001157", "{\"personalId\": \"999085000123\", \"fullName\": \"Nguyễn Văn An\", "
                + "\"birthDate\": \"1985-03-14\", " + COMPANY + ", " + PARCEL + "}", PROVINCIAL_KEY);
        assertProblem(badId, 400, "client.invalid_personal_id");
        assertThat(badId.json().path("errors").get(0).path("field").asText()).isEqualTo("personalId");

        Response badParcel = prefill(dossierId, "1.004227", "{" + AN + ", \"landParcel\": {\"communeCode\": \"2574\", "
                + "\"mapSheet\": \"12\", \"parcelNumber\": \"345\"}}", PROVINCIAL_KEY);
        assertProblem(badParcel, 400, "client.invalid_land_parcel");

        Response halfParcel = prefill(dossierId, "1.004227", "{" + AN + ", \"landParcel\": {\"communeCode\": \"25747\"}}",
                PROVINCIAL_KEY);
        assertProblem(halfParcel, 400, "client.invalid_request");
        assertThat(halfParcel.json().path("errors")).extracting(e -> e.path("field").asText())
                .containsExactly("landParcel.mapSheet", "landParcel.parcelNumber");

        Response badBirthDate = prefill(dossierId, "1.001612", "{\"personalId\": \"074085000123\", "
                + "\"fullName\": \"Nguyễn Văn An\", \"birthDate\": \"1985-13-45\"}", PROVINCIAL_KEY);
        assertProblem(badBirthDate, 400, "client.invalid_request");
        assertThat(badBirthDate.json().path("errors")).extracting(e -> e.path("field").asText())
                .containsExactly("birthDate");

        Response nothing = prefill(dossierId, "2.001157", "{}", PROVINCIAL_KEY);
        assertProblem(nothing, 400, "client.invalid_request");
        assertThat(nothing.json().path("errors")).extracting(e -> e.path("field").asText())
                .containsExactly("personalId", "enterpriseCode", "landParcel");

        Response wrongType = prefill(dossierId, "1.001612", "{" + AN.replace("\"074085000123\"", "74085000123") + "}",
                PROVINCIAL_KEY);
        assertProblem(wrongType, 400, "client.invalid_request");
        assertThat(wrongType.json().path("errors").get(0).path("field").asText()).isEqualTo("personalId");

        assertThat(MOCKS.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(DATABASE_CALLS))).isEmpty();
        assertThat(ledgerOf(dossierId)).isEmpty();
    }

    @Test
    void theContextIsCheckedAsForALookup() {
        String body = "{" + AN + "}";
        assertProblem(postJson("/api/v1/dossiers/" + dossier() + "/prefill", body, PROVINCIAL_KEY,
                WHO, "CB-0042", "X-Agency-Code", "000.00.12.H12"), 400, "client.invalid_request");
        assertProblem(postJson("/api/v1/dossiers/" + dossier() + "/prefill", body, PROVINCIAL_KEY,
                "X-Procedure-Code", "1.001612", "X-Dossier-Id", "another-dossier", WHO, "CB-0042",
                "X-Agency-Code", "000.00.12.H12"), 400, "client.invalid_request");
        Response unknownProcedure = prefill(dossier(), "1.000001", body, PROVINCIAL_KEY);
        assertProblem(unknownProcedure, 404, "client.not_found");
        assertThat(unknownProcedure.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Procedure-Code");
        assertThat(MOCKS.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(DATABASE_CALLS))).isEmpty();
    }

    @Test
    void onlyClientsMayPrefill() {
        String body = "{" + AN + "}";
        assertProblem(prefill(dossier(), "1.001612", body, null), 401, "client.unauthenticated");
        assertProblem(prefill(dossier(), "1.001612", body, AUDITOR_KEY), 403, "client.forbidden");
        assertProblem(prefill(dossier(), "1.001612", body, ADMIN_KEY), 403, "client.forbidden");
    }
}
