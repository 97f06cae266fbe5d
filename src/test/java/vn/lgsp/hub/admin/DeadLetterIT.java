package vn.lgsp.hub.admin;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.support.HubIT;

/** docs/api.md §6: messages that exhausted their retries are listed for admins and can be replayed. */
class DeadLetterIT extends HubIT {

    @Autowired
    private EmbeddedActiveMQ broker;

    private Response replay(String id, String key) {
        return send(HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/" + id + "/replay"))
                .header("X-API-Key", key).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private JsonNode dossier(String id) {
        return get("/api/v1/dossiers/" + id, PROVINCIAL_KEY).json();
    }

    private JsonNode deadLetterOf(String dossierId) {
        JsonNode list = get("/api/v1/admin/dead-letters", ADMIN_KEY).json().path("deadLetters");
        return StreamSupport.stream(list.spliterator(), false)
                .filter(d -> dossierId.equals(d.path("details").path("hubDossierId").asText()))
                .findFirst().orElse(null);
    }

    @Test
    void aFailedSyncIsListedThenReplayedOnceThePortalAcceptsIt() {
        String id = "FAIL-DL-" + System.nanoTime();
        Response accepted = putDossier(id, """
                        {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12",
                         "receivedAt": "2026-11-20T08:15:00+07:00", "channel": "POST", "status": "RECEIVED",
                         "applicant": {"idType": "OTHER", "idNumber": "B1234567"}, "components": []}
                        """, PROVINCIAL_KEY);
        assertThat(accepted.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetterOf(id) != null);

        JsonNode dead = deadLetterOf(id);
        assertThat(dead.path("queue").asText()).isEqualTo("portal.sync");
        assertThat(dead.path("reason").asText()).isEqualTo("The portal answered HTTP 500");
        assertThat(dead.path("attempts").asInt()).isEqualTo(3);
        assertThat(dead.path("failedAt").asText()).isNotEmpty();
        assertThat(dead.path("details").path("hubVersion").asInt()).isEqualTo(1);
        assertThat(dossier(id).path("syncState").asText()).isEqualTo("FAILED");

        // the portal is fixed for this dossier
        MOCKS.stubFor(post(urlPathEqualTo("/dvcqg/api/v1/dongbohoso")).atPriority(0)
                .withRequestBody(matchingJsonPath("$.data[0].MaHoSo", equalTo(id)))
                .willReturn(aResponse().withStatus(200).withBody("{\"error_code\":0}")));
        Response replayed = replay(dead.path("id").asText(), ADMIN_KEY);

        assertThat(replayed.status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> "SYNCED".equals(dossier(id).path("syncState").asText()));
        assertThat(deadLetterOf(id)).isNull();
        assertThat(replay(dead.path("id").asText(), ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void anUnknownOrMalformedIdIs404() {
        assertThat(replay("00000000-0000-0000-0000-000000000000", ADMIN_KEY).status()).isEqualTo(404);
        Response malformed = replay("x'%20OR%20'1'='1", ADMIN_KEY);
        assertThat(malformed.status()).isIn(400, 404);
    }

    @Test
    void aDeadLetterQueueNotCreatedYetListsNothingAndReplaysNothing() throws Exception {
        // the broker creates a dead-letter queue with its first message; take it away as on a fresh broker
        broker.getActiveMQServer().destroyQueue(SimpleString.of("portal.sync.dlq"), null, false, true);

        Response listed = get("/api/v1/admin/dead-letters", ADMIN_KEY);
        Response replayed = send(HttpRequest.newBuilder(uri("/api/v1/admin/dead-letters/"
                + "00000000-0000-4000-8000-000000000000/replay")).header("X-API-Key", ADMIN_KEY)
                .POST(HttpRequest.BodyPublishers.noBody()).build());

        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json().path("deadLetters").isArray()).isTrue();
        assertThat(replayed.status()).isEqualTo(404);
    }

    @Test
    void deadLettersAreForAdminsOnly() {
        assertThat(get("/api/v1/admin/dead-letters", PROVINCIAL_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/admin/dead-letters", AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/admin/dead-letters", ADMIN_KEY).status()).isEqualTo(200);
    }
}
