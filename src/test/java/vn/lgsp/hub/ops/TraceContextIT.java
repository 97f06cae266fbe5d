package vn.lgsp.hub.ops;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * W3C trace context: a lookup that arrives with a {@code traceparent} reaches the national database in the same
 * trace, as a child of the hub's own span; one without gets a trace of the hub's, so a lookup can be followed
 * across systems either way.
 */
class TraceContextIT extends HubIT {

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");
    private static final String CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";

    private List<LoggedRequest> databaseCalls() {
        return MOCKS.findAll(anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void aCallersTraceContinuesToTheNationalDatabase() {
        Response answer = get("/api/v1/enterprises/0100233488", PROVINCIAL_KEY, "X-Dossier-Id", "000.00.12.H12-TR-0001",
                "X-Procedure-Code", "2.000488", "X-Officer-Id", "CB-0042", "X-Agency-Code", "000.00.12.H12",
                "traceparent", "00-" + CALLER_TRACE + "-" + CALLER_SPAN + "-01");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<LoggedRequest> calls = databaseCalls();
        assertThat(calls).isNotEmpty();
        String sent = calls.get(calls.size() - 1).getHeader("traceparent");
        assertThat(sent).as("the traceparent the national database received").isNotNull();
        Matcher m = TRACEPARENT.matcher(sent);
        assertThat(m.matches()).as(sent).isTrue();
        assertThat(m.group(1)).as("the caller's trace").isEqualTo(CALLER_TRACE);
        assertThat(m.group(2)).as("a span of the hub's, not the caller's").isNotEqualTo(CALLER_SPAN);
        assertThat(sent).endsWith("-01");
    }

    @Test
    void aCallWithoutTraceContextStartsATraceOfTheHubs() {
        Response answer = lookup("/api/v1/citizens/074085000123?fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-14");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<LoggedRequest> calls = databaseCalls();
        String sent = calls.get(calls.size() - 1).getHeader("traceparent");
        assertThat(sent).as(calls.get(calls.size() - 1).getHeaders().toString()).isNotNull();
        assertThat(TRACEPARENT.matcher(sent).matches()).as(sent).isTrue();
        assertThat(sent).doesNotContain(CALLER_TRACE);
    }

    @Test
    void aDossierChangesTraceGoesOnToThePortalThroughTheQueue() {
        String trace = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
        String dossierId = "000.00.12.H12-TR-" + System.nanoTime();
        Response accepted = send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/dossiers/" + dossierId))
                .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                .header("traceparent", "00-" + trace + "-" + CALLER_SPAN + "-01")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(vn.lgsp.hub.support.DossierFixtures.portalReady(
                        "2026-11-20T08:15:00+07:00", "079190004567"))).build());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            List<LoggedRequest> portal = MOCKS.findAll(com.github.tomakehurst.wiremock.client.WireMock
                    .postRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo(
                            "/dvcqg/api/v1/dongbohoso")));
            assertThat(portal.stream().map(r -> r.getHeader("traceparent")).filter(t -> t != null && t.contains(trace)))
                    .as("a portal call in the dossier change's trace").isNotEmpty();
            String sent = portal.stream().map(r -> r.getHeader("traceparent"))
                    .filter(t -> t != null && t.contains(trace)).findFirst().orElseThrow();
            Matcher m = TRACEPARENT.matcher(sent);
            assertThat(m.matches()).isTrue();
            assertThat(m.group(2)).as("a span of the hub's").isNotEqualTo(CALLER_SPAN);
        });
    }
}
