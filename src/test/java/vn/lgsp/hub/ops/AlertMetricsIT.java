package vn.lgsp.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * ops/prometheus/alerts.yml and ops/grafana/dashboards/lgsp-hub.json read metrics by name: every name they
 * use is one the hub exports on /actuator/prometheus, so a metric renamed in the code breaks this test
 * instead of silencing an alert.
 */
class AlertMetricsIT extends HubIT {

    private static final Pattern METRIC = Pattern.compile("\\b((?:hub|resilience4j)_[a-z0-9_]+)");

    private static Set<String> namesIn(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(Files.readString(file));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    @Test
    void everyMetricTheAlertsAndTheDashboardReadIsExported() throws IOException {
        // a refusal and a lookup, so that the refusal counter and the lookup timer have their series
        assertThat(get("/api/v1/citizens/074085000123", "not-a-key").status()).isEqualTo(401);
        assertThat(lookup("/api/v1/citizens/074085000123?fullName=Nguy%E1%BB%85n%20V%C4%83n%20An&birthDate=1985-03-14")
                .status()).isEqualTo(200);
        Set<String> used = namesIn(Path.of("ops/prometheus/alerts.yml"));
        used.addAll(namesIn(Path.of("ops/grafana/dashboards/lgsp-hub.json")));
        assertThat(used).contains("hub_ledger_chain_verified", "hub_dead_letters", "hub_portal_sync_lag_seconds",
                "resilience4j_circuitbreaker_state", "hub_ledger_commit_seconds_bucket");

        Response scrape = get("/actuator/prometheus", null);
        assertThat(scrape.status()).isEqualTo(200);
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.body().split("\n")) {
            Matcher m = Pattern.compile("^([a-z_][a-z0-9_]*)[{ ]").matcher(line);
            if (m.find()) {
                exported.add(m.group(1));
            }
        }

        assertThat(exported).as("the metrics /actuator/prometheus exports").containsAll(used);
    }
}
