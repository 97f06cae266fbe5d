package vn.lgsp.hub.admin;

import java.time.LocalDate;
import java.util.LinkedHashMap;
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
import vn.lgsp.hub.ledger.LedgerIntegrity;
import vn.lgsp.hub.ledger.LedgerVerifier;
import vn.lgsp.hub.security.CurrentClient;

/** docs/api.md §6, roles ADMIN and AUDITOR: whether the reuse ledger of a range of days is complete and unaltered. */
@Component
class LedgerAdminRoutes extends RouteBuilder {

    /** The range verified when none is given: the last 31 days. */
    private static final int DEFAULT_DAYS = 31;

    private final LedgerIntegrity integrity;
    private final Responses responses;
    private final AuditLog audit;

    LedgerAdminRoutes(LedgerIntegrity integrity, Responses responses, AuditLog audit) {
        this.integrity = integrity;
        this.responses = responses;
        this.audit = audit;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/ledger")
                .get("/verification").id("admin.ledger-verification").produces("application/json")
                    .to("direct:admin.ledger-verification");

        from("direct:admin.ledger-verification").routeId("admin.ledger-verification")
                .routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::verification);
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
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.toString());
        body.put("to", to.toString());
        body.put("batches", v.batches());
        body.put("rows", v.rows());
        body.put("archivedBatches", v.archivedBatches());
        body.put("checkpoints", v.checkpoints());
        body.put("verified", v.verified());
        body.put("firstBadBatch", v.firstBadBatch() == null ? null : bad(v.firstBadBatch()));
        responses.json(exchange, 200, body);
    }

    static Map<String, Object> bad(LedgerVerifier.BadBatch b) {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("seq", b.seq());
        bad.put("reason", b.reason());
        bad.put("month", b.month() == null ? null : b.month().toString().substring(0, 7));
        bad.put("committedAt", b.committedAt() == null ? null
                : b.committedAt().atZone(BusinessTime.ZONE).toOffsetDateTime().toString());
        bad.put("firstRowId", b.firstRowId());
        bad.put("lastRowId", b.lastRowId());
        bad.put("rowCount", b.rowCount());
        bad.put("rowsFound", b.rowsFound());
        bad.put("firstStrayRowId", b.firstStrayRowId());
        return bad;
    }
}
