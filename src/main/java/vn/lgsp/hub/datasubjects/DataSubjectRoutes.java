package vn.lgsp.hub.datasubjects;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.Csv;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.PageCursor;
import vn.lgsp.hub.common.QueryParameters;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.ledger.LedgerQueries.AccessPage;
import vn.lgsp.hub.ledger.LedgerQueries.SubjectAccess;
import vn.lgsp.hub.security.CurrentClient;

/**
 * docs/api.md §2.3, role DATA_SUBJECT_PORTAL: a citizen's accesses, as JSON
 * ({@code {"accesses": [...], "next": cursor|null}}) or CSV (the same page; the next page's cursor in
 * {@code X-Hub-Next}).
 */
@Component
class DataSubjectRoutes extends RouteBuilder {

    /** The longest range one query covers: five years and a day. */
    static final int MAX_DAYS = 5 * 366;
    /** Without {@code from}: this many days up to {@code to}, a year. */
    static final int DEFAULT_DAYS = 366;
    static final String NEXT_HEADER = "X-Hub-Next";
    private static final List<String> COLUMNS = List.of("at", "clientId", "agencyCode", "source", "procedureCode",
            "dossierId", "outcome", "servedFrom");

    private final DataSubjects dataSubjects;
    private final Responses responses;
    private final Clock clock;

    DataSubjectRoutes(DataSubjects dataSubjects, Responses responses, Clock clock) {
        this.dataSubjects = dataSubjects;
        this.responses = responses;
        this.clock = clock;
    }

    @Override
    public void configure() {
        rest("/api/v1/data-subjects/citizens")
                .get("/{personalId}/accesses").id("data-subjects.citizen-accesses").produces("application/json")
                    .to("direct:data-subjects.citizen-accesses")
                .get("/{personalId}/accesses.csv").id("data-subjects.citizen-accesses-csv").produces("text/csv")
                    .to("direct:data-subjects.citizen-accesses-csv");

        from("direct:data-subjects.citizen-accesses").routeId("data-subjects.citizen-accesses")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::json);
        from("direct:data-subjects.citizen-accesses-csv").routeId("data-subjects.citizen-accesses-csv")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::csv);
    }

    private void json(Exchange exchange) {
        AccessPage page = page(exchange);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("accesses", page.accesses());
        body.put("next", page.next() == null ? null : page.next().toString());
        responses.json(exchange, 200, body);
    }

    private void csv(Exchange exchange) {
        AccessPage page = page(exchange);
        StringBuilder csv = new StringBuilder(Csv.line(COLUMNS));
        for (SubjectAccess a : page.accesses()) {
            csv.append(Csv.line(Arrays.asList(a.at().toString(), a.clientId(), a.agencyCode(), a.source(),
                    a.procedureCode(), a.dossierId(), a.outcome(), a.servedFrom())));
        }
        responses.bytes(exchange, 200, "text/csv; charset=UTF-8", csv.toString().getBytes(StandardCharsets.UTF_8));
        exchange.getMessage().setHeader("Content-Disposition", "attachment; filename=\"accesses.csv\"");
        if (page.next() != null) {
            exchange.getMessage().setHeader(NEXT_HEADER, page.next().toString());
        }
    }

    /**
     * The page asked for: {@code from} and {@code to} (days, both included; {@code to} today and {@code from} a
     * year before by default, at most {@value #MAX_DAYS} days), {@code limit} (1-1000, 100) and {@code before}
     * (the {@code next} of the previous page).
     */
    private AccessPage page(Exchange exchange) {
        LocalDate today = LocalDate.now(clock);
        LocalDate to = QueryParameters.day(exchange, "to", today);
        LocalDate from = QueryParameters.day(exchange, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "from", "from must not be after to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "to", "A query covers at most " + MAX_DAYS + " days");
        }
        int limit = QueryParameters.limit(exchange, 100);
        PageCursor before = PageCursor.ofParameter("before", exchange.getIn().getHeader("before", String.class));
        return dataSubjects.citizen(exchange.getIn().getHeader("personalId", String.class), from, to, before, limit,
                CurrentClient.require().id());
    }
}
