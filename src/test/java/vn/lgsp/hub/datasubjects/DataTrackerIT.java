package vn.lgsp.hub.datasubjects;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.Year;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.Identifiers;

/**
 * docs/api.md §2.3: the data tracker. A citizen, through the public-service portal, sees every lookup of
 * their personal ID (who, when, which database, for which procedure and dossier, how it ended), and only theirs.
 */
class DataTrackerIT extends HubIT {

    private static final String PORTAL_KEY = "dev-portal-key";
    private static final Random RANDOM = new Random();

    /** A personal ID no other test looks up: the mock does not have it, but every lookup of it is a ledger row. */
    private static String freshPersonalId() {
        return Identifiers.personalId(RANDOM, Year.now(BusinessTime.ZONE).getValue());
    }

    private static String dossier() {
        return "000.00.12.H12-DT-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private Response lookupAs(String key, String personalId, String dossierId, String procedure) {
        return get("/api/v1/citizens/" + personalId + "?fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-14",
                key, "X-Dossier-Id", dossierId, "X-Procedure-Code", procedure, "X-Officer-Id", "CB-0042",
                "X-Agency-Code", "000.00.12.H12");
    }

    private Response accesses(String personalId, String query) {
        return get("/api/v1/data-subjects/citizens/" + personalId + "/accesses" + query, PORTAL_KEY);
    }

    @Test
    void aCitizenSeesEveryLookupOfTheirIdNewestFirstAndNoOneElses() {
        String mine = freshPersonalId();
        String other = freshPersonalId();
        String first = dossier();
        String second = dossier();
        lookupAs(PROVINCIAL_KEY, mine, first, "1.001612");
        // the same range, another citizen: never shown
        lookupAs(PROVINCIAL_KEY, other, first, "1.001612");
        lookupAs("dev-land-registration-key", mine, second, "1.004227");

        Response answer = accesses(mine, "");

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode list = answer.json().path("accesses");
        assertThat(list).hasSize(2);
        assertThat(answer.json().path("next").isNull()).isTrue();
        JsonNode newest = list.get(0);
        assertThat(newest.path("clientId").asText()).isEqualTo("land-registration-office");
        assertThat(newest.path("dossierId").asText()).isEqualTo(second);
        assertThat(newest.path("procedureCode").asText()).isEqualTo("1.004227");
        assertThat(newest.path("source").asText()).isEqualTo("citizens");
        assertThat(newest.path("agencyCode").asText()).isEqualTo("000.00.12.H12");
        assertThat(newest.path("at").asText()).endsWith("+07:00");
        assertThat(list.get(1).path("clientId").asText()).isEqualTo("provincial-ap-system");
        assertThat(list.get(1).path("dossierId").asText()).isEqualTo(first);
        assertThat(accesses(other, "").json().path("accesses")).hasSize(1);
    }

    @Test
    void theOutcomeAndWhereTheAnswerCameFromAreShown() {
        // a citizen the population database has: FOUND, from the source
        String dossierId = dossier();
        assertThat(lookupAs(PROVINCIAL_KEY, "074085000123", dossierId, "1.001612").status()).isEqualTo(200);

        JsonNode newest = accesses("074085000123", "?limit=1").json();

        assertThat(newest.path("accesses").get(0).path("dossierId").asText()).isEqualTo(dossierId);
        assertThat(newest.path("accesses").get(0).path("outcome").asText()).isEqualTo("FOUND");
        assertThat(newest.path("accesses").get(0).path("servedFrom").asText()).isEqualTo("source");
        // more than one page: the cursor of the next
        assertThat(newest.path("next").asText()).isNotEmpty();
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeats() {
        String mine = freshPersonalId();
        List<String> dossiers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            dossiers.add(dossier());
            lookupAs(PROVINCIAL_KEY, mine, dossiers.get(i), "1.001612");
            lookupAs(PROVINCIAL_KEY, freshPersonalId(), dossiers.get(i), "1.001612");
        }

        List<String> seen = new ArrayList<>();
        String before = "";
        int pages = 0;
        do {
            JsonNode page = accesses(mine, "?limit=2" + (before.isEmpty() ? "" : "&before=" + before)).json();
            page.path("accesses").forEach(a -> seen.add(a.path("dossierId").asText()));
            before = page.path("next").isNull() ? "" : page.path("next").asText();
            pages++;
        } while (!before.isEmpty() && pages < 10);

        assertThat(pages).isEqualTo(3);
        java.util.Collections.reverse(dossiers);
        assertThat(seen).containsExactlyElementsOf(dossiers);
        // a cursor of this subject's pages, given with another subject: only that subject's rows, from there on
        String other = freshPersonalId();
        lookupAs(PROVINCIAL_KEY, other, dossiers.get(0), "1.001612");
        String cursor = accesses(mine, "?limit=1").json().path("next").asText();
        assertThat(accesses(other, "?before=" + cursor).json().path("accesses")).isEmpty();
        assertThat(accesses(other, "").json().path("accesses")).hasSize(1);
        // a page size that divides the list exactly: the last full page says there is no next
        JsonNode exact = accesses(mine, "?limit=5").json();
        assertThat(exact.path("accesses")).hasSize(5);
        assertThat(exact.path("next").isNull()).isTrue();
    }

    @Test
    void theRangeIsDaysInTheBusinessTimeZoneBothIncluded() {
        String mine = freshPersonalId();
        lookupAs(PROVINCIAL_KEY, mine, dossier(), "1.001612");
        LocalDate today = LocalDate.now(BusinessTime.ZONE);

        assertThat(accesses(mine, "?from=" + today + "&to=" + today).json().path("accesses")).hasSize(1);
        assertThat(accesses(mine, "?to=" + today.minusDays(1)).json().path("accesses")).isEmpty();
        assertThat(accesses(mine, "?from=" + today.plusDays(1) + "&to=" + today.plusDays(2)).json().path("accesses"))
                .isEmpty();
    }

    @Test
    void theCsvIsTheSamePage() {
        String mine = freshPersonalId();
        String dossierId = dossier();
        lookupAs(PROVINCIAL_KEY, mine, dossierId, "1.001612");
        lookupAs(PROVINCIAL_KEY, mine, dossier(), "1.001612");

        Response csv = get("/api/v1/data-subjects/citizens/" + mine + "/accesses.csv?limit=1", PORTAL_KEY);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("at,clientId,agencyCode,source,procedureCode,dossierId,outcome,servedFrom");
        assertThat(lines).hasSize(2);
        assertThat(csv.header("X-Hub-Next")).isNotEmpty();
        Response rest = get("/api/v1/data-subjects/citizens/" + mine + "/accesses.csv?before=" + csv.header("X-Hub-Next"),
                PORTAL_KEY);
        assertThat(rest.body().split("\r\n")).hasSize(2);
        assertThat(rest.body()).contains(dossierId);
        assertThat(rest.header("X-Hub-Next")).isNull();
    }

    @Test
    void eachQueryIsAuditedByTheSubjectsHashNeverItsId() {
        String mine = freshPersonalId();
        String correlationId = UUID.randomUUID().toString();

        get("/api/v1/data-subjects/citizens/" + mine + "/accesses", PORTAL_KEY, "X-Correlation-Id", correlationId);

        JsonNode event = auditEvent(correlationId);
        assertThat(event.path("actor").asText()).isEqualTo("public-service-portal");
        assertThat(event.path("action").asText()).isEqualTo("data-subject.accesses");
        assertThat(event.path("target").asText()).matches("subject [0-9a-f]{64}");
        assertThat(event.toString()).doesNotContain(mine);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM audit_event WHERE target LIKE ? OR detail LIKE ?",
                Integer.class, "%" + mine + "%", "%" + mine + "%")).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE subject_hash LIKE ?",
                Integer.class, "%" + mine + "%")).isZero();
    }

    @Test
    void badInputIsRefusedBeforeAnythingIsRead() {
        assertProblem(accesses("999085000123", ""), 400, "client.invalid_personal_id");
        assertProblem(accesses("12345", ""), 400, "client.invalid_personal_id");
        String mine = freshPersonalId();
        assertProblem(accesses(mine, "?from=2026-13-01"), 400, "client.invalid_request");
        assertProblem(accesses(mine, "?from=2026-11-02&to=2026-11-01"), 400, "client.invalid_request");
        assertProblem(accesses(mine, "?from=2019-01-01&to=2026-11-01"), 400, "client.invalid_request");
        assertProblem(accesses(mine, "?limit=0"), 400, "client.invalid_request");
        assertProblem(accesses(mine, "?limit=1001"), 400, "client.invalid_request");
        Response tampered = accesses(mine, "?before=bm90LWEtY3Vyc29y");
        assertProblem(tampered, 400, "client.invalid_request");
        assertThat(tampered.json().path("errors").get(0).path("field").asText()).isEqualTo("before");
    }

    @Test
    void onlyThePortalsRoleMayAsk() {
        String mine = freshPersonalId();
        assertProblem(get("/api/v1/data-subjects/citizens/" + mine + "/accesses", null), 401, "client.unauthenticated");
        for (String key : List.of(PROVINCIAL_KEY, AUDITOR_KEY, ADMIN_KEY)) {
            assertProblem(get("/api/v1/data-subjects/citizens/" + mine + "/accesses", key), 403, "client.forbidden");
            assertProblem(get("/api/v1/data-subjects/citizens/" + mine + "/accesses.csv", key), 403, "client.forbidden");
        }
        // and the portal may not look anyone up itself
        assertProblem(lookupAs(PORTAL_KEY, mine, dossier(), "1.001612"), 403, "client.forbidden");
    }

    @Test
    void thePortalIsRateLimitedAsEveryClientIs() {
        rateLimits.limit("public-service-portal", 1);
        String mine = freshPersonalId();
        assertThat(accesses(mine, "").status()).isEqualTo(200);
        Response limited = accesses(mine, "");
        assertProblem(limited, 429, "client.rate_limited");
        assertThat(limited.header("Retry-After")).isNotEmpty();
    }
}
