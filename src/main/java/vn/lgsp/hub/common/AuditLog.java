package vn.lgsp.hub.common;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
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
    private final Period retention;

    /** @param retention how long an event is kept ({@code hub.audit.retention}, 5 years by default) */
    public AuditLog(JdbcTemplate jdbc, Clock clock, @Value("${hub.audit.retention:P5Y}") Period retention) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * Removes the events older than the retention (the ledger's retention round calls it daily).
     *
     * @return how many were removed
     */
    public int purgeExpired() {
        Instant cutoff = LocalDate.now(clock.withZone(BusinessTime.ZONE)).minus(retention)
                .atStartOfDay(BusinessTime.ZONE).toInstant();
        int removed = jdbc.update("DELETE FROM audit_event WHERE occurred_at < ?",
                OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
        if (removed > 0) {
            AUDIT.info("audit events past retention removed: {}", removed);
        }
        return removed;
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
        return page(Filter.NONE, null, limit).events();
    }

    /**
     * The events that pass the filter, latest first (by time, then by the order they were recorded in), at most
     * {@code limit} of them, from just after {@code before} (null: from the latest); {@link Page#next()} names
     * the next page's start when there are more.
     */
    public Page page(Filter filter, PageCursor before, int limit) {
        StringBuilder sql = new StringBuilder("SELECT occurred_at, actor, action, target, outcome, detail, correlation_id, "
                + "before_value, after_value, id FROM audit_event WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        if (filter.actor() != null) {
            sql.append(" AND actor = ?");
            args.add(filter.actor());
        }
        if (filter.action() != null) {
            sql.append(" AND action = ?");
            args.add(filter.action());
        }
        if (filter.from() != null) {
            sql.append(" AND occurred_at >= ?");
            args.add(utc(filter.from()));
        }
        if (filter.to() != null) {
            sql.append(" AND occurred_at < ?");
            args.add(utc(filter.to()));
        }
        if (before != null) {
            sql.append(" AND ").append(PageCursor.after("occurred_at", "id"));
            args.addAll(before.parameters());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        args.add(limit + 1);
        List<PageCursor> keys = new ArrayList<>();
        List<AuditEvent> events = jdbc.query(sql.toString(), (rs, n) -> {
            OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
            keys.add(new PageCursor(at.toInstant(), rs.getLong(10)));
            return new AuditEvent(at.withOffsetSameInstant(BusinessTime.ZONE.getRules().getOffset(at.toInstant())),
                    rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                    rs.getString(7), rs.getString(8), rs.getString(9));
        }, args.toArray());
        if (events.size() <= limit) {
            return new Page(events, null);
        }
        return new Page(events.subList(0, limit), keys.get(limit - 1));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /** Which events: each non-null member must match (actor and action exactly; from inclusive, to exclusive). */
    public record Filter(String actor, String action, Instant from, Instant to) {

        public static final Filter NONE = new Filter(null, null, null, null);
    }

    /** A page of the trail; {@code next} is null on the last one. */
    public record Page(List<AuditEvent> events, PageCursor next) {
    }

    /** One event; {@code before} and {@code after} (JSON, or null) are the changed object around an admin change. */
    public record AuditEvent(OffsetDateTime at, String actor, String action, String target, String outcome,
                             String detail, String correlationId, @JsonRawValue String before,
                             @JsonRawValue String after) {
    }
}
