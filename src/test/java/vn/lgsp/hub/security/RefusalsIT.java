package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §1.6: requests refused before a route (401, 403, 429) are counted by kind and client,
 * in {@code hub_refusals_total}, and stored nowhere: no audit event, no ledger row.
 */
class RefusalsIT extends HubIT {

    private int rows(String table) {
        return ledgerTables().queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    @Test
    void unauthenticatedRequestsAreCountedAndStoreNothing() {
        int audit = rows("audit_event");
        int ledger = rows("lookup_ledger");
        double before = refusals("client.unauthenticated", "anonymous");

        for (int i = 0; i < 50; i++) {
            assertThat(get("/api/v1/citizens/074085000123", i % 2 == 0 ? null : "stolen-key-" + i).status()).isEqualTo(401);
        }

        assertThat(refusals("client.unauthenticated", "anonymous")).isEqualTo(before + 50);
        assertThat(rows("audit_event")).isEqualTo(audit);
        assertThat(rows("lookup_ledger")).isEqualTo(ledger);
        assertThat(get("/actuator/prometheus", null).body())
                .containsPattern("hub_refusals_total\\{[^}]*client=\"anonymous\"[^}]*kind=\"client.unauthenticated\"");
    }

    @Test
    void aForbiddenRoleIsCountedForItsClient() {
        int audit = rows("audit_event");
        double before = refusals("client.forbidden", "inspectorate");

        assertThat(get("/api/v1/admin/routes", AUDITOR_KEY).status()).isEqualTo(403);

        assertThat(refusals("client.forbidden", "inspectorate")).isEqualTo(before + 1);
        assertThat(rows("audit_event")).isEqualTo(audit);
    }

    @Test
    void aRateLimitedRequestIsCountedForItsClient() {
        rateLimits.limit("inspectorate", 1);
        int audit = rows("audit_event");
        double before = refusals("client.rate_limited", "inspectorate");

        int limited = 0;
        for (int i = 0; i < 5; i++) {
            if (get("/api/v1/reports/reuse", AUDITOR_KEY).status() == 429) {
                limited++;
            }
        }

        assertThat(limited).isPositive();
        assertThat(refusals("client.rate_limited", "inspectorate")).isEqualTo(before + limited);
        assertThat(rows("audit_event")).isEqualTo(audit);
    }
}
