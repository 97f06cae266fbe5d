package vn.lgsp.hub.gateway;

import io.micrometer.observation.ObservationPredicate;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import vn.lgsp.hub.sources.lookup.Subjects;

/**
 * Data lookups are measured once: by {@code hub_lookups_seconds} (source, outcome, served from), not also
 * by the generic {@code http_server_requests_seconds}, whose observation of every lookup would cost each
 * one again. Refused requests are counted by {@code hub_refusals_total} either way.
 */
@Configuration(proxyBeanMethods = false)
class LookupObservations {

    @Bean
    ObservationPredicate lookupsObservedOnce(Subjects subjects) {
        List<String> prefixes = new ArrayList<>();
        prefixes.add("/api/v1/lookups/");
        subjects.parsers().values().forEach(parser -> {
            if (parser.pathPrefix() != null) {
                prefixes.add("/api/v1" + parser.pathPrefix());
            }
        });
        return notUnder(prefixes);
    }

    private static boolean startsWithAny(String path, String[] prefixes) {
        for (String prefix : prefixes) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Observes every server request but those whose path starts with one of the prefixes. */
    static ObservationPredicate notUnder(List<String> prefixes) {
        String[] under = prefixes.toArray(String[]::new);
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && startsWithAny(request.getCarrier().getRequestURI(), under));
    }
}
