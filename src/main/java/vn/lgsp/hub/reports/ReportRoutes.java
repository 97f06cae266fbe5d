package vn.lgsp.hub.reports;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.Codes;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.QueryParameters;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.reports.ReuseReports.Filter;
import vn.lgsp.hub.reports.ReuseReports.GroupBy;

/** docs/api.md §5: the reuse report as JSON and CSV, for auditors and administrators. */
@Component
class ReportRoutes extends RouteBuilder {

    private static final int MAX_DAYS = 3 * 366;

    private final ReuseReports reports;
    private final Responses responses;
    private final Clock clock;

    ReportRoutes(ReuseReports reports, Responses responses, Clock clock) {
        this.reports = reports;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void configure() {
        rest("/api/v1/reports")
                .get("/reuse").id("reports.reuse").produces("application/json")
                    .to("direct:reports.reuse")
                .get("/reuse.csv").id("reports.reuse-csv").produces("text/csv")
                    .to("direct:reports.reuse-csv");

        from("direct:reports.reuse").routeId("reports.reuse").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::json);
        from("direct:reports.reuse-csv").routeId("reports.reuse-csv").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::csv);
    }

    private void json(Exchange exchange) {
        Query q = query(exchange);
        Include include = include(exchange, q.groupBy());
        if (q.groupBy() == null) {
            responses.json(exchange, 200, reports.total(q.from(), q.to(), q.filter()));
            return;
        }
        ReuseReports.Grouped report = reports.grouped(q.from(), q.to(), q.groupBy(), include.total(), include.rollups(),
                q.filter());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", q.from().toString());
        body.put("to", q.to().toString());
        body.put("groupBy", q.groupBy().name().toLowerCase(Locale.ROOT));
        body.put("rows", report.rows());
        if (report.total() != null) {
            body.put("total", report.total());
        }
        report.rollups().forEach((period, rows) -> body.put(period == GroupBy.WEEK ? "weeks" : "months", rows));
        responses.json(exchange, 200, body);
    }

    /**
     * What a grouped report carries besides its rows: {@code include=total,week,month} (any of them, comma
     * separated). Weeks and months are added up from day rows, so they need {@code groupBy=day}; the total
     * of a report that is one already (no {@code groupBy}) is that report.
     */
    private static Include include(Exchange exchange, GroupBy groupBy) {
        String value = exchange.getIn().getHeader("include", String.class);
        boolean total = false;
        Set<GroupBy> rollups = EnumSet.noneOf(GroupBy.class);
        if (value == null || value.isEmpty()) {
            return new Include(false, rollups);
        }
        for (String item : value.split(",", -1)) {
            switch (item.length() <= 10 ? item : "") {
                case "total" -> total = true;
                case "week" -> rollups.add(GroupBy.WEEK);
                case "month" -> rollups.add(GroupBy.MONTH);
                default -> throw HubException.invalid(ErrorCode.INVALID_REQUEST, "include",
                        "include must list total, week or month, separated by commas");
            }
        }
        if (!rollups.isEmpty() && groupBy != GroupBy.DAY) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "include",
                    "include=week and include=month need groupBy=day");
        }
        return new Include(total, rollups);
    }

    private void csv(Exchange exchange) {
        Query q = query(exchange);
        List<ReuseFigures> rows = q.groupBy() == null
                ? List.of(reports.total(q.from(), q.to(), q.filter()))
                : reports.grouped(q.from(), q.to(), q.groupBy(), q.filter());
        String csv = ReportCsv.render(q.from(), q.to(), q.groupBy(), rows);
        responses.bytes(exchange, 200, "text/csv; charset=UTF-8", csv.getBytes(StandardCharsets.UTF_8));
        exchange.getMessage().setHeader("Content-Disposition",
                "attachment; filename=\"reuse-" + q.from() + "-" + q.to() + fileNamePart(q.filter()) + ".csv\"");
    }

    /** The filter in a CSV's file name, {@code -agency-<code>-procedure-<code>}: codes are safe in one. */
    private static String fileNamePart(Filter filter) {
        return (filter.agency() == null ? "" : "-agency-" + filter.agency())
                + (filter.procedure() == null ? "" : "-procedure-" + filter.procedure());
    }

    private Query query(Exchange exchange) {
        YearMonth month = YearMonth.now(clock);
        LocalDate from = QueryParameters.day(exchange, "from", month.atDay(1));
        LocalDate to = QueryParameters.day(exchange, "to", month.atEndOfMonth());
        if (from.isAfter(to)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "to", "A report covers at most " + MAX_DAYS + " days");
        }
        String groupBy = exchange.getIn().getHeader("groupBy", String.class);
        GroupBy group = null;
        if (groupBy != null && !groupBy.isEmpty()) {
            try {
                group = GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw HubException.invalid(ErrorCode.INVALID_REQUEST, "groupBy",
                        "groupBy must be agency, procedure, source, day, week or month");
            }
        }
        Filter filter = new Filter(code(exchange, "agency", Codes::isReference, Codes.REFERENCE_RULE),
                code(exchange, "procedure", Codes::isProcedureCode, Codes.PROCEDURE_CODE_RULE));
        return new Query(from, to, group, filter);
    }

    /**
     * A filter's code, {@code agency} or {@code procedure}: absent (or empty) for none, else checked by the rule
     * dossiers and lookups are (an agency code: a reference; a procedure: a national procedure code).
     */
    private static String code(Exchange exchange, String name, Predicate<String> valid, String rule) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!valid.test(value)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, name, name + " " + rule);
        }
        return value;
    }

    private record Query(LocalDate from, LocalDate to, GroupBy groupBy, Filter filter) {
    }

    private record Include(boolean total, Set<GroupBy> rollups) {
    }
}
