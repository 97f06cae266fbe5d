package vn.lgsp.hub.reuse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Two answers that differ only in when they were retrieved are one answer to the reuse store. */
class ReuseCopyDigestTest {

    private static String without(String json) {
        return new String(ReuseStore.withoutRetrievalTime(json.getBytes(StandardCharsets.UTF_8)), StandardCharsets.UTF_8);
    }

    @Test
    void theRetrievalTimeIsLeftOut() {
        assertThat(without("{\"fullName\":\"A\",\"retrievedAt\":\"2026-12-01T07:00:00+07:00\",\"x\":1}"))
                .isEqualTo(without("{\"fullName\":\"A\",\"retrievedAt\":\"2026-12-02T08:30:00.123+07:00\",\"x\":1}"))
                .isEqualTo("{\"fullName\":\"A\",\"retrievedAt\":,\"x\":1}");
    }

    @Test
    void anyOtherDifferenceRemains() {
        assertThat(without("{\"fullName\":\"A\",\"retrievedAt\":\"2026-12-01T07:00:00Z\"}"))
                .isNotEqualTo(without("{\"fullName\":\"B\",\"retrievedAt\":\"2026-12-01T07:00:00Z\"}"));
    }

    @Test
    void anAnswerWithoutRetrievalTimeIsKeptWhole() {
        assertThat(without("{\"fullName\":\"A\"}")).isEqualTo("{\"fullName\":\"A\"}");
        assertThat(without("{\"retrievedAt\":null}")).isEqualTo("{\"retrievedAt\":}");
    }
}
