package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.mock.web.MockHttpServletRequest;
import vn.lgsp.hub.common.ErrorCode;

/** What a flood of refusals leaves behind: counters, and a bounded summary a minute in the log. */
class RefusalsTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Refusals refusals = new Refusals(meters, Clock.fixed(Instant.parse("2026-12-01T01:02:03Z"), ZoneOffset.UTC));
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger audit = (Logger) LoggerFactory.getLogger("AUDIT");

    @BeforeEach
    void captureTheAuditLog() {
        log.start();
        audit.addAppender(log);
    }

    @AfterEach
    void stop() {
        audit.detachAppender(log);
        refusals.stop();
    }

    private static MockHttpServletRequest from(String address) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/v1/citizens/074085000123");
        request.setRemoteAddr(address);
        return request;
    }

    @Test
    void aRefusalIsOneCountAndNoLogLineOfItsOwn() {
        for (int i = 0; i < 1000; i++) {
            refusals.count(from("10.0.0.1"), null, ErrorCode.UNAUTHENTICATED);
        }

        assertThat(meters.get("hub.refusals").tags("kind", "client.unauthenticated", "client", "anonymous")
                .counter().count()).isEqualTo(1000);
        assertThat(log.list).isEmpty();
    }

    @Test
    void eachMinuteIsSummarisedInAtMostTwentyOneLinesWhateverArrives() {
        HubClient landOffice = new HubClient("land-office", Set.of(Role.CLIENT), Set.of("land"));
        for (int i = 0; i < 5000; i++) {
            refusals.count(from("10.0." + (i / 250) + "." + (i % 250)), null, ErrorCode.UNAUTHENTICATED);
        }
        for (int i = 0; i < 300; i++) {
            refusals.count(from("10.9.9.9"), landOffice, ErrorCode.RATE_LIMITED);
        }

        refusals.report();

        List<String> lines = log.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertThat(lines).hasSize(Refusals.REPORTED_PER_MINUTE + 1);
        assertThat(lines.get(0)).isEqualTo("refusals minute=2026-12-01T01:02:00Z client land-office client.rate_limited count=300");
        assertThat(lines.get(lines.size() - 1)).startsWith("refusals minute=2026-12-01T01:02:00Z others count=");
        long counted = lines.stream().mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf('=') + 1))).sum();
        assertThat(counted).isEqualTo(5300);
        assertThat(lines).noneMatch(line -> line.contains("074085000123"));

        log.list.clear();
        refusals.report();
        assertThat(log.list).as("an empty minute logs nothing").isEmpty();
    }
}
