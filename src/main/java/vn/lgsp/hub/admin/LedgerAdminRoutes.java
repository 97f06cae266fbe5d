package vn.lgsp.hub.admin;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.QueryParameters;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.ledger.LedgerArchives;
import vn.lgsp.hub.ledger.LedgerIntegrity;
import vn.lgsp.hub.ledger.LedgerVerifier;
import vn.lgsp.hub.security.CurrentClient;

/**
 * docs/api.md §6: whether the reuse ledger of a range of days is complete and unaltered (roles ADMIN and AUDITOR),
 * and its monthly archives (ADMIN).
 */
@Component
class LedgerAdminRoutes extends RouteBuilder {

    /** The range verified when none is given: the last 31 days. */
    private static final int DEFAULT_DAYS = 31;

    private final LedgerIntegrity integrity;
    private final LedgerArchives archives;
    private final Responses responses;
    private final AuditLog audit;

    LedgerAdminRoutes(LedgerIntegrity integrity, LedgerArchives archives, Responses responses, AuditLog audit) {
        this.integrity = integrity;
        this.archives = archives;
        this.responses = responses;
        this.audit = audit;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/ledger")
                .get("/verification").id("admin.ledger-verification").produces("application/json")
                    .to("direct:admin.ledger-verification")
                .get("/archives").id("admin.ledger-archives").produces("application/json")
                    .to("direct:admin.ledger-archives")
                .post("/archives/{month}").id("admin.ledger-archive").produces("application/json")
                    .to("direct:admin.ledger-archive")
                .post("/archives/{month}/reimport").id("admin.ledger-reimport").produces("application/json")
                    .to("direct:admin.ledger-reimport");

        from("direct:admin.ledger-verification").routeId("admin.ledger-verification")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::verification);
        from("direct:admin.ledger-archives").routeId("admin.ledger-archives")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> responses.json(exchange, 200, Map.of("archives", archives.list())));
        from("direct:admin.ledger-archive").routeId("admin.ledger-archive")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> archiveAction(exchange, "ledger.archive", archives::archive));
        from("direct:admin.ledger-reimport").routeId("admin.ledger-reimport")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> archiveAction(exchange, "ledger.reimport", archives::reimport));
    }

    /** Archives or re-imports the month of the path, audited whatever the outcome. */
    private void archiveAction(Exchange exchange, String action,
                               java.util.function.Function<YearMonth, LedgerArchives.ArchiveEntry> act) {
        String admin = CurrentClient.require().id();
        String text = exchange.getIn().getHeader("month", String.class);
        YearMonth month;
        try {
            month = text != null && text.matches("[0-9]{4}-[0-9]{2}") ? YearMonth.parse(text) : null;
        } catch (DateTimeParseException e) {
            month = null;
        }
        if (month == null) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "month", "month must be YYYY-MM");
        }
        LedgerArchives.ArchiveEntry entry;
        try {
            entry = act.apply(month);
        } catch (HubException e) {
            audit.record(admin, action, "ledger " + month, e.code().code(), null);
            throw e;
        }
        audit.record(admin, action, "ledger " + month, "done", entry.rows() + " rows");
        responses.json(exchange, 200, entry);
    }

    /** {@code from} and {@code to}: business days, both included; by default the 31 days up to today. */
    private void verification(Exchange exchange) {
        LocalDate to = QueryParameters.day(exchange, "to", LocalDate.now(BusinessTime.ZONE));
        LocalDate from = QueryParameters.day(exchange, "from", to.minusDays(DEFAULT_DAYS - 1));
        if (from.isAfter(to)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "from", "from must not be after to");
        }
        LedgerVerifier.Verification v = integrity.verify(from, to);
        audit.record(CurrentClient.require().id(), "ledger.verification", "ledger " + from + ".." + to,
                v.verified() ? "verified" : "not-verified",
                v.firstBadBatch() == null ? null : "batch " + v.firstBadBatch().seq() + " " + v.firstBadBatch().reason());
        Map<String, Object> body = LedgerVerifier.describe(v);
        responses.json(exchange, 200, body);
    }
}
