package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The correlation ids the hub makes for requests that bring none. */
class CorrelationIdTest {

    @Test
    void aGeneratedIdIsARandomUuidTheHubAcceptsAsOne() {
        String id = CorrelationId.generate();
        UUID uuid = UUID.fromString(id);
        assertThat(uuid.version()).isEqualTo(4);
        assertThat(uuid.variant()).isEqualTo(2);
        assertThat(uuid.toString()).isEqualTo(id);
        assertThat(CorrelationId.isValid(id)).isTrue();
    }

    @Test
    void generatedIdsDoNotRepeat() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            ids.add(CorrelationId.generate());
        }
        assertThat(ids).hasSize(100_000);
    }
}
