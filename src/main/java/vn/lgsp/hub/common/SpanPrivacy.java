package vn.lgsp.hub.common;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.ObservationFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Spans keep no high-cardinality values (docs/operations.md "Traces"): those are a request's URL and query,
 * which carry personal IDs and names (a citizen's lookup path). A span keeps its name, kind, timing, status and
 * low-cardinality tags (method, status, outcome); metrics read only those, so they are unchanged.
 */
@Configuration(proxyBeanMethods = false)
class SpanPrivacy {

    @Bean
    ObservationFilter spansWithoutHighCardinalityValues() {
        return context -> {
            String[] keys = context.getHighCardinalityKeyValues().stream().map(KeyValue::getKey).toArray(String[]::new);
            if (keys.length > 0) {
                context.removeHighCardinalityKeyValues(keys);
            }
            return context;
        };
    }
}
