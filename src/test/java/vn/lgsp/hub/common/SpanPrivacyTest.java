package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

/** A span exported to a collector keeps no URL: a citizen's lookup path holds their personal ID. */
class SpanPrivacyTest {

    @Test
    void theUrlAndQueryLeaveTheSpanAndTheLowCardinalityTagsStay() {
        Observation.Context context = new Observation.Context();
        context.addHighCardinalityKeyValue(KeyValue.of("http.url", "/api/v1/citizens/074085000123?fullName=An"));
        context.addLowCardinalityKeyValue(KeyValue.of("method", "GET"));

        Observation.Context filtered = new SpanPrivacy().spansWithoutHighCardinalityValues().map(context);

        assertThat(filtered.getHighCardinalityKeyValues()).isEmpty();
        assertThat(filtered.getLowCardinalityKeyValue("method").getValue()).isEqualTo("GET");
    }
}
