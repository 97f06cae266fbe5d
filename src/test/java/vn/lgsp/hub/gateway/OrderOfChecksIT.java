package vn.lgsp.hub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.lgsp.hub.support.CitizenLookups;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §1.6: one order of checks on every path. What the routing refuses (path, method, query
 * string) is a problem like any other; a lookup checks its context headers before the source it
 * names, and a lookup of a known source refused for its query string is a ledger row.
 */
class OrderOfChecksIT extends HubIT {

    private static final String DOSSIER = "ORDER-" + Long.toString(System.nanoTime(), 36);

    private Response lookupWith(String path, String... headers) {
        return get(path, PROVINCIAL_KEY, headers);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/lookups/no-such/abc", "/api/v1/lookups/citizens/074085000123",
            "/api/v1/citizens/074085000123", "/api/v1/lookups/land/25747-12-345"})
    void aMissingContextHeaderIs400WhateverTheSource(String path) {
        Response response = lookupWith(path, "X-Dossier-Id", DOSSIER);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Procedure-Code");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void anUnknownSourceWithItsContextIs404AndNotRecorded() {
        Response response = lookupWith("/api/v1/lookups/no-such/abc", "X-Dossier-Id", DOSSIER + "-U",
                "X-Procedure-Code", "1.001612");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("client.not_found");
        assertThat(ledgerOutcomes(DOSSIER + "-U")).isEmpty();
    }

    @Test
    void aLookupWithAMalformedQueryStringIs400AndAnInvalidLedgerRow() {
        Response response = lookupWith("/api/v1/citizens/074085000123?%01=1", "X-Dossier-Id", DOSSIER + "-Q",
                "X-Procedure-Code", "1.001612");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(response.json().path("detail").asText()).isEqualTo("The query string is malformed");
        assertThat(ledgerOutcomes(DOSSIER + "-Q")).containsExactly("INVALID");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void aQueryParameterNeverStandsForAContextHeader() {
        Response response = lookupWith("/api/v1/citizens/074085000123?X-Procedure-Code=1.001612&X-Dossier-Id=D",
                "X-Dossier-Id", DOSSIER);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("X-Procedure-Code");
    }

    @Test
    void aWellFormedQueryStringOnALookupIsIgnored() {
        assertThat(lookupWith("/api/v1/enterprises/0100233488?utm_source=x", "X-Dossier-Id", DOSSIER,
                "X-Procedure-Code", "1.001612").status()).isEqualTo(200);
        assertThat(lookupWith("/api/v1/citizens/074085000123?utm_source=x&" + CitizenLookups.query("074085000123"),
                "X-Dossier-Id", DOSSIER, "X-Procedure-Code", "1.001612").status()).isEqualTo(200);
    }

    @Test
    void aMalformedQueryStringElsewhereIs400BeforeTheRoute() {
        Response report = get("/api/v1/reports/reuse?%01=1", AUDITOR_KEY);
        assertThat(report.status()).isEqualTo(400);
        assertThat(report.json().path("detail").asText()).isEqualTo("The query string is malformed");
        assertThat(report.header("X-Hub-Error")).isEqualTo("client.invalid_request");
        assertThat(report.header("X-Correlation-Id")).isNotBlank();

        assertThat(get("/api/v1/admin/audit?limit=1&x=%1b", ADMIN_KEY).status()).isEqualTo(400);
    }

    @Test
    void theRoleComesBeforeThePathAndTheMethod() {
        assertThat(get("/api/v1/no-such-thing", AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(get("/api/v1/no-such-thing", PROVINCIAL_KEY).status()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/api/v1/reports/reuse")).header("X-API-Key", PROVINCIAL_KEY)
                .DELETE().build()).status()).isEqualTo(403);
        Response wrongMethod = send(HttpRequest.newBuilder(uri("/api/v1/reports/reuse")).header("X-API-Key", AUDITOR_KEY)
                .DELETE().build());
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.header("Allow")).isEqualTo("GET");
        assertThat(wrongMethod.json().path("code").asText()).isEqualTo("client.method_not_allowed");
    }

    @Test
    void errorIsNotAnEndpoint() {
        for (String key : new String[] {null, PROVINCIAL_KEY}) {
            Response get = get("/error", key);
            assertThat(get.status()).isEqualTo(404);
            assertThat(get.json().path("code").asText()).isEqualTo("client.not_found");
            Response post = send(HttpRequest.newBuilder(uri("/error")).POST(HttpRequest.BodyPublishers.noBody()).build());
            assertThat(post.status()).isEqualTo(404);
        }
    }

    @Test
    void traceIsNeverEchoed() {
        for (String path : List.of("/actuator/health", "/api/v1/citizens/074085000123", "/nowhere")) {
            Response trace = send(HttpRequest.newBuilder(uri(path)).header("X-API-Key", PROVINCIAL_KEY)
                    .header("X-Secret", "echo-me").method("TRACE", HttpRequest.BodyPublishers.noBody()).build());
            assertThat(trace.status()).as(path).isIn(404, 405);
            assertThat(trace.header("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(trace.body()).as(path).doesNotContain("echo-me");
        }
    }

    private List<String> ledgerOutcomes(String dossierId) {
        return ledgerTables().queryForList("SELECT outcome FROM lookup_ledger WHERE dossier_id = ?", String.class, dossierId);
    }
}
