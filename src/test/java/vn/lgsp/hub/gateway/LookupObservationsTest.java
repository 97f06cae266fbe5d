package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationPredicate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Lookups are measured by hub_lookups_seconds only; every other request by http_server_requests too. */
class LookupObservationsTest {

    private final ObservationPredicate predicate = LookupObservations.notUnder(
            List.of("/api/v1/lookups/", "/api/v1/citizens/"));

    private boolean observed(String path) {
        return predicate.test("http.server.requests", new ServerRequestObservationContext(
                new MockHttpServletRequest("GET", path), new MockHttpServletResponse()));
    }

    @Test
    void lookupsAreNotObservedAsServerRequests() {
        assertThat(observed("/api/v1/citizens/074085000123")).isFalse();
        assertThat(observed("/api/v1/lookups/land/25747-12-345")).isFalse();
    }

    @Test
    void everyOtherRequestIs() {
        assertThat(observed("/api/v1/dossiers/000.00.12.H12-261120-0001")).isTrue();
        assertThat(observed("/api/v1/admin/sources")).isTrue();
        assertThat(observed("/actuator/info")).isTrue();
    }
}
