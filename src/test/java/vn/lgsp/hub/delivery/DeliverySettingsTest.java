package vn.lgsp.hub.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The backoff between two attempts of one delivery, as hub.portal.* and hub.criminal-records.* configure it. */
class DeliverySettingsTest {

    private static DeliverySettings settings(int maxAttempts, long initial, double multiplier, long max) {
        return new DeliverySettings("q", "q.dlq", 1, 10, 4, maxAttempts, initial, multiplier, max, 10_000);
    }

    @Test
    void theDelayGrowsByTheMultiplierUpToTheMaximum() {
        DeliverySettings s = settings(10, 500, 2.0, 30_000);

        assertThat(IntStream.rangeClosed(1, 9).mapToLong(s::backoffMs).boxed().toList())
                .containsExactly(500L, 1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 30_000L, 30_000L, 30_000L);
    }

    /** The portal's defaults: ten attempts wait about two minutes in all, the length of outage they ride out. */
    @Test
    void thePortalDefaultsWaitAboutTwoMinutesBeforeTheLastAttempt() {
        DeliverySettings s = settings(10, 500, 2.0, 30_000);

        long waited = IntStream.range(1, s.maxAttempts()).mapToLong(s::backoffMs).sum();

        assertThat(waited).isEqualTo(121_500L);
    }

    @Test
    void aMultiplierOfOneKeepsTheDelayAndNoneIsNegative() {
        DeliverySettings s = settings(5, 250, 1.0, 60_000);

        assertThat(IntStream.rangeClosed(1, 4).mapToLong(s::backoffMs).boxed().toList())
                .containsExactly(250L, 250L, 250L, 250L);
        assertThat(settings(3, 0, 2.0, 1_000).backoffMs(2)).isZero();
    }
}
