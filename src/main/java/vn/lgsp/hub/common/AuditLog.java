package vn.lgsp.hub.common;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The audit trail (X-Road's AuditLogger): administrative actions, in the {@code audit_event}
 * table and on the {@code AUDIT} logger. Targets name what an administrator acted on (a source, a
 * route, a dead letter), never personal data; refused requests are counted elsewhere
 * ({@code security.Refusals}), not recorded here.
 */
@Component
public class AuditLog {

    private static final Logger AUDIT = LoggerFactory.getLogger("AUDIT");

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public AuditLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String actor, String action, String target, String outcome, String detail) {
        record(actor, action, target, outcome, detail, null, null);
    }

    /**
     * An admin change with the changed object before and after it: JSON documents written by the
     * hub (settings, never personal data), at most 4000 characters each.
     */
    public void record(String actor, String action, String target, String outcome, String detail,
                       String beforeJson, String afterJson) {
        String correlationId = MDC.get(CorrelationId.KEY);
        String who = actor == null ? "anonymous" : actor;
        String what = truncate(target, 300);
        jdbc.update("INSERT INTO audit_event (occurred_at, actor, action, target, outcome, detail, correlation_id, "
                        + "before_value, after_value) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                who, action, what, outcome, truncate(detail, 500), correlationId, beforeJson, afterJson);
        AUDIT.info("audit actor={} action={} target={} outcome={}", who, action, what, outcome);
    }

    public List<AuditEvent> latest(int limit) {
        return jdbc.query("SELECT occurred_at, actor, action, target, outcome, detail, correlation_id, before_value, "
                        + "after_value FROM audit_event ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY",
                (rs, n) -> new AuditEvent(rs.getObject(1, OffsetDateTime.class).withOffsetSameInstant(
                        BusinessTime.ZONE.getRules().getOffset(rs.getObject(1, OffsetDateTime.class).toInstant())),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                        rs.getString(7), rs.getString(8), rs.getString(9)), limit);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** One event; {@code before} and {@code after} (JSON, or null) are the changed object around an admin change. */
    public record AuditEvent(OffsetDateTime at, String actor, String action, String target, String outcome,
                             String detail, String correlationId, @JsonRawValue String before,
                             @JsonRawValue String after) {
    }
}
