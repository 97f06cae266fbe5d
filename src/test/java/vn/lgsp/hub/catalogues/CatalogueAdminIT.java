package vn.lgsp.hub.catalogues;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.messaging.SharedChanges;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §6: the catalogues read and changed by an administrator — validated, stored, audited,
 * used by the lookups from then on, and used by every instance that hears of the change.
 */
class CatalogueAdminIT extends HubIT {

    private static final String MARITAL = "/api/v1/admin/catalogues/marital-status";
    private static final String ETHNICITY = "/api/v1/admin/catalogues/ethnicity";
    private static final String PROVINCE_LIST = """
            {"entries": [{"code": "1", "name": "Chưa kết hôn"}, {"code": "2", "name": "Đã kết hôn"},
                         {"code": "3", "name": "Đã ly hôn"}, {"code": "4", "name": "Góa vợ/chồng"}]}""";

    @Autowired
    private Catalogues catalogues;

    @Autowired
    private CatalogueStore store;

    @Autowired
    private CatalogueProperties properties;

    @Autowired
    private AuditLog audit;

    @Autowired
    private TransactionTemplate tx;

    @Autowired
    private SharedChanges changes;

    @Autowired
    private ObjectMapper json;

    @Autowired
    private Clock clock;

    /** The shipped lists again for the tests that follow (each test starts from them too: HubIT). */
    @AfterEach
    void shippedCatalogues() {
        catalogueAdministration.restoreShipped();
    }

    private static List<String> fields(Response response) {
        return response.json().path("errors").findValuesAsText("field");
    }

    private int storedRows() {
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM catalogue", Integer.class);
        return rows == null ? 0 : rows;
    }

    private static String correlationId() {
        return "cat-" + UUID.randomUUID();
    }

    @Test
    void theListHasEveryShippedCatalogueWithItsEntriesCounted() {
        Response response = get("/api/v1/admin/catalogues", ADMIN_KEY);

        assertThat(response.status()).isEqualTo(200);
        JsonNode list = response.json().path("catalogues");
        assertThat(list.findValuesAsText("name")).isSorted().containsExactlyInAnyOrder("enterprise-status",
                "enterprise-type", "ethnicity", "household-relation", "land-use", "marital-status", "religion",
                "secured-transaction-type");
        JsonNode ethnicity = named(list, "ethnicity");
        assertThat(ethnicity.path("entryCount").asInt()).isEqualTo(56);
        assertThat(ethnicity.path("numericCodes").asBoolean()).isTrue();
        assertThat(ethnicity.path("source").asText()).contains("OpenCPS");
        assertThat(ethnicity.path("stored").asBoolean()).isFalse();
        assertThat(ethnicity.path("version").asLong()).isZero();
        assertThat(ethnicity.path("updatedAt").isNull()).isTrue();
        assertThat(ethnicity.has("entries")).isFalse();
    }

    @Test
    void getAnswersTheShippedCatalogue() {
        Response response = get(MARITAL, ADMIN_KEY);

        assertThat(response.status()).isEqualTo(200);
        JsonNode marital = response.json();
        assertThat(marital.path("name").asText()).isEqualTo("marital-status");
        assertThat(marital.path("stored").asBoolean()).isFalse();
        assertThat(marital.path("updatedBy").isNull()).isTrue();
        assertThat(marital.path("entries").findValuesAsText("code")).containsExactly("1", "2", "3");
        assertThat(marital.path("entries").get(0).path("name").asText()).isEqualTo("Chưa kết hôn");
    }

    @Test
    void aChangeIsStoredAuditedAndUsedByTheNextLookup() {
        String correlationId = correlationId();
        assertThat(catalogues.name("marital-status", "2")).isEqualTo("Đang có vợ/chồng");

        Response response = put(MARITAL, PROVINCE_LIST, ADMIN_KEY, "X-Correlation-Id", correlationId);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode changed = response.json();
        assertThat(changed.path("stored").asBoolean()).isTrue();
        assertThat(changed.path("version").asLong()).isEqualTo(1);
        assertThat(changed.path("updatedBy").asText()).isEqualTo("hub-admin");
        assertThat(changed.path("updatedAt").asText()).endsWith("+07:00");
        assertThat(changed.path("entries").findValuesAsText("name"))
                .containsExactly("Chưa kết hôn", "Đã kết hôn", "Đã ly hôn", "Góa vợ/chồng");
        // left out: the shipped description and source, and codes still compared as numbers
        assertThat(changed.path("source").asText()).contains("OpenCPS");
        assertThat(catalogues.name("marital-status", "2")).isEqualTo("Đã kết hôn");
        assertThat(catalogues.name("marital-status", "04")).isEqualTo("Góa vợ/chồng");
        assertThat(get(MARITAL, ADMIN_KEY).json()).isEqualTo(changed);
        assertThat(named(get("/api/v1/admin/catalogues", ADMIN_KEY).json().path("catalogues"), "marital-status")
                .path("entryCount").asInt()).isEqualTo(4);

        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("actor").asText()).isEqualTo("hub-admin");
        assertThat(event.path("action").asText()).isEqualTo("catalogue.change");
        assertThat(event.path("target").asText()).isEqualTo("catalogue marital-status");
        assertThat(event.path("outcome").asText()).isEqualTo("done");
        assertThat(event.path("before").path("version").asLong()).isZero();
        assertThat(event.path("before").path("changedEntries").path("2").asText()).isEqualTo("Đang có vợ/chồng");
        assertThat(event.path("before").path("changedEntries").path("4").isNull()).isTrue();
        assertThat(event.path("after").path("version").asLong()).isEqualTo(1);
        assertThat(event.path("after").path("changedEntries").path("2").asText()).isEqualTo("Đã kết hôn");
        assertThat(event.path("after").path("entryCount").asInt()).isEqualTo(4);

        Response again = put(MARITAL, "{\"numericCodes\": false, \"entries\": [{\"code\": \"01\", \"name\": \"Độc thân\"}]}",
                ADMIN_KEY);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.json().path("version").asLong()).isEqualTo(2);
        assertThat(catalogues.name("marital-status", "01")).isEqualTo("Độc thân");
        assertThat(catalogues.name("marital-status", "1")).isNull();
        assertThat(storedRows()).isEqualTo(1);
    }

    @Test
    void everyBrokenRuleIsA400NamingTheFieldAndNothingIsStored() {
        String correlationId = correlationId();
        // 01 and 1 are one code of the ethnicities
        Response duplicate = put(ETHNICITY, "{\"entries\": [{\"code\": \"01\", \"name\": \"Kinh\"}, "
                + "{\"code\": \"1\", \"name\": \"Kinh\"}]}", ADMIN_KEY, "X-Correlation-Id", correlationId);
        assertProblem(duplicate, 400, "client.invalid_request");
        assertThat(fields(duplicate)).containsExactly("entries[1].code");

        Response empty = put(ETHNICITY, "{\"entries\": []}", ADMIN_KEY);
        assertProblem(empty, 400, "client.invalid_request");
        assertThat(fields(empty)).containsExactly("entries");

        Response missing = put(ETHNICITY, "{\"source\": \"somewhere\"}", ADMIN_KEY);
        assertProblem(missing, 400, "client.invalid_request");
        assertThat(fields(missing)).containsExactly("entries");

        Response bad = put(ETHNICITY, "{\"name\": \"religion\", \"entries\": [{\"code\": \"0 1\", \"name\": \"Kinh\"}, "
                + "{\"code\": \"02\", \"name\": \"\"}, {\"code\": \"" + "9".repeat(33) + "\", \"name\": \"Tày\"}]}",
                ADMIN_KEY);
        assertProblem(bad, 400, "client.invalid_request");
        assertThat(fields(bad)).containsExactly("name", "entries[0].code", "entries[1].name", "entries[2].code");
        assertThat(bad.body()).doesNotContain("0 1").doesNotContain("9".repeat(33));

        Response wrongType = sendUnchecked(HttpRequest.newBuilder(uri(ETHNICITY)).header("X-API-Key", ADMIN_KEY)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"entries\": [{\"code\": 1, \"name\": \"Kinh\"}]}")).build());
        assertProblem(wrongType, 400, "client.invalid_request");
        assertThat(fields(wrongType)).containsExactly("entries[0].code");

        assertThat(storedRows()).isZero();
        assertThat(catalogues.name("ethnicity", "1")).isEqualTo("Kinh");
        JsonNode refused = auditEvent(correlationId);
        assertThat(refused.path("action").asText()).isEqualTo("catalogue.change");
        assertThat(refused.path("outcome").asText()).isEqualTo("client.invalid_request");
        assertThat(refused.path("detail").asText()).contains("entries[1].code");
    }

    @Test
    void theCatalogueIsTheOneInThePath() {
        // neither a query parameter nor a header of the same name stands for the path's
        Response query = get(MARITAL + "?name=ethnicity", ADMIN_KEY);
        Response header = get(MARITAL, ADMIN_KEY, "name", "ethnicity");

        assertThat(query.status()).isEqualTo(200);
        assertThat(query.json().path("name").asText()).isEqualTo("marital-status");
        assertThat(header.status()).isEqualTo(200);
        assertThat(header.json().path("name").asText()).isEqualTo("marital-status");
        Response put = send(HttpRequest.newBuilder(uri(MARITAL + "?name=ethnicity")).header("X-API-Key", ADMIN_KEY)
                .header("Content-Type", "application/json").header("name", "ethnicity")
                .PUT(HttpRequest.BodyPublishers.ofString(PROVINCE_LIST)).build());
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(catalogues.name("marital-status", "4")).isEqualTo("Góa vợ/chồng");
        assertThat(catalogues.name("ethnicity", "4")).isEqualTo("Hoa");
    }

    @Test
    void anUnknownCatalogueIsNotFound() {
        assertProblem(get("/api/v1/admin/catalogues/nationality", ADMIN_KEY), 404, "client.not_found");
        assertProblem(put("/api/v1/admin/catalogues/nationality", PROVINCE_LIST, ADMIN_KEY), 404, "client.not_found");
        assertProblem(delete("/api/v1/admin/catalogues/nationality", ADMIN_KEY), 404, "client.not_found");
        assertThat(storedRows()).isZero();
    }

    @Test
    void onlyAnAdministratorReadsOrChangesCatalogues() {
        assertProblem(get("/api/v1/admin/catalogues", PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(get(MARITAL, AUDITOR_KEY), 403, "client.forbidden");
        assertProblem(put(MARITAL, PROVINCE_LIST, PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(delete(MARITAL, PROVINCIAL_KEY), 403, "client.forbidden");
        assertProblem(get(MARITAL, null), 401, "client.unauthenticated");

        assertThat(storedRows()).isZero();
        assertThat(catalogues.name("marital-status", "2")).isEqualTo("Đang có vợ/chồng");
    }

    @Test
    void deleteReturnsToTheShippedListAndIsAudited() {
        assertThat(put(MARITAL, PROVINCE_LIST, ADMIN_KEY).status()).isEqualTo(200);
        assertThat(catalogues.name("marital-status", "2")).isEqualTo("Đã kết hôn");
        String correlationId = correlationId();

        Response response = delete(MARITAL, ADMIN_KEY, "X-Correlation-Id", correlationId);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().path("stored").asBoolean()).isFalse();
        assertThat(response.json().path("version").asLong()).isZero();
        assertThat(response.json().path("entries").findValuesAsText("code")).containsExactly("1", "2", "3");
        assertThat(catalogues.name("marital-status", "2")).isEqualTo("Đang có vợ/chồng");
        assertThat(catalogues.name("marital-status", "4")).isNull();
        assertThat(storedRows()).isZero();
        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("action").asText()).isEqualTo("catalogue.reset");
        assertThat(event.path("target").asText()).isEqualTo("catalogue marital-status");
        assertThat(event.path("before").path("version").asLong()).isEqualTo(1);
        assertThat(event.path("after").path("changedEntries").path("2").asText()).isEqualTo("Đang có vợ/chồng");

        // nothing stored: the shipped list, unchanged
        Response again = delete(MARITAL, ADMIN_KEY);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("stored").asBoolean()).isFalse();
    }

    @Test
    void aChangeIsAnnouncedOnTheTopic() throws Exception {
        try (Connection connection = jms.getConnectionFactory().createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer listener = session.createConsumer(session.createTopic(properties.topic()));
            connection.start();

            assertThat(put(MARITAL, PROVINCE_LIST, ADMIN_KEY).status()).isEqualTo(200);

            Message announced = listener.receive(10_000);
            assertThat(announced).isNotNull();
            assertThat(announced.getStringProperty(CatalogueAdministration.NAME_HEADER)).isEqualTo("marital-status");
            assertThat(announced.getLongProperty(CatalogueAdministration.VERSION_HEADER)).isEqualTo(1);
        }
    }

    /** What another hub instance on the same database stores, without this instance knowing yet. */
    private void storedElsewhere(String name, String code, String codeName) {
        Catalogue shipped = catalogues.shipped(name).orElseThrow();
        tx.executeWithoutResult(status -> store.save(new Catalogue(name, shipped.description(), "Another instance.",
                shipped.numericCodes(), List.of(new Catalogue.Entry(code, codeName))),
                store.find(name).isPresent(), "hub-admin", Instant.now()));
    }

    @Test
    void aChangeAnnouncedByAnotherInstanceIsUsed() {
        storedElsewhere("religion", "01", "Phật giáo (tỉnh)");
        assertThat(catalogues.name("religion", "1")).isEqualTo("Phật giáo");

        jms.execute(session -> {
            TextMessage message = session.createTextMessage("religion");
            message.setStringProperty(CatalogueAdministration.NAME_HEADER, "religion");
            message.setLongProperty(CatalogueAdministration.VERSION_HEADER, 1);
            MessageProducer publisher = session.createProducer(session.createTopic(properties.topic()));
            try {
                publisher.send(message);
            } finally {
                publisher.close();
            }
            return null;
        }, true);

        await().atMost(Duration.ofSeconds(10)).until(() -> "Phật giáo (tỉnh)".equals(catalogues.name("religion", "1")));
        assertThat(catalogues.name("religion", "02")).isNull();
        JsonNode religion = get("/api/v1/admin/catalogues/religion", ADMIN_KEY).json();
        assertThat(religion.path("stored").asBoolean()).isTrue();
        assertThat(religion.path("source").asText()).isEqualTo("Another instance.");
    }

    @Test
    void aMissedAnnouncementIsCaughtByTheResync() {
        storedElsewhere("household-relation", "CH01", "Chủ hộ (tỉnh)");
        assertThat(catalogues.name("household-relation", "CH01")).isEqualTo("Chủ hộ");

        catalogueAdministration.refreshChanged();

        assertThat(catalogues.name("household-relation", "CH01")).isEqualTo("Chủ hộ (tỉnh)");

        // dropped and stored again elsewhere: the same version 1, told apart by when it was stored
        jdbc.update("DELETE FROM catalogue");
        storedElsewhere("household-relation", "CH01", "Chủ hộ (lần hai)");
        catalogueAdministration.refreshChanged();
        assertThat(catalogues.name("household-relation", "CH01")).isEqualTo("Chủ hộ (lần hai)");

        jdbc.update("DELETE FROM catalogue");
        catalogueAdministration.refreshChanged();
        assertThat(catalogues.name("household-relation", "CH01")).isEqualTo("Chủ hộ");
    }

    @Test
    void storedCataloguesReplaceTheShippedOnesAtStart() {
        assertThat(put(MARITAL, PROVINCE_LIST, ADMIN_KEY).status()).isEqualTo(200);

        // what a hub instance starting on this database uses
        Catalogues starting = new Catalogues(json);
        new CatalogueAdministration(starting, store, properties, audit, tx, changes, json, clock);

        assertThat(starting.name("marital-status", "2")).isEqualTo("Đã kết hôn");
        assertThat(starting.name("ethnicity", "01")).isEqualTo("Kinh");
    }

    private static JsonNode named(JsonNode list, String name) {
        for (JsonNode catalogue : list) {
            if (name.equals(catalogue.path("name").asText())) {
                return catalogue;
            }
        }
        throw new AssertionError("no catalogue named " + name);
    }
}
