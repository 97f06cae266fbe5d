package vn.lgsp.hub.criminalrecords;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Polls submitted requests until the criminal-records service settles them: {@code DA_CAP} (issued)
 * with the certificate (phiếu), {@code TU_CHOI} (rejected) with the reason (lý do), or
 * {@code DANG_XU_LY} (still processing): polled again later, with a backoff, until the deadline.
 * Any failure of a poll (an error answer, a timeout, an unreadable body) only reschedules it.
 */
@Component
class CriminalRecordPolling {

    static final String CLAIM = "hubClaim";
    private static final DateTimeFormatter VIETNAMESE_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final Logger LOG = LoggerFactory.getLogger(CriminalRecordPolling.class);

    private final CriminalRecordRequests requests;
    private final CriminalRecordProperties properties;
    private final ObjectMapper json;

    CriminalRecordPolling(CriminalRecordRequests requests, CriminalRecordProperties properties, ObjectMapper json) {
        this.requests = requests;
        this.properties = properties;
        this.json = json;
    }

    /** The body becomes the requests whose poll is due. */
    void due(Exchange exchange) {
        exchange.getIn().setBody(requests.due());
    }

    /** Claims one due request; when another poller has it, it is skipped. On success the GET is prepared. */
    void claim(Exchange exchange) {
        Optional<CriminalRecordRequests.Claim> claim =
                requests.claim(exchange.getIn().getBody(CriminalRecordRequests.Due.class));
        if (claim.isEmpty()) {
            exchange.setProperty(CriminalRecordSubmission.SKIP, true);
            return;
        }
        exchange.setProperty(CLAIM, claim.get());
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.GET);
        // the id was checked against a strict pattern when it was kept: it is one safe path segment
        exchange.getIn().setHeader(Exchange.HTTP_PATH, properties.path() + "/" + claim.get().upstreamId());
        exchange.getIn().setHeader("Accept", "application/json");
        exchange.getIn().setBody(null);
    }

    /** The service answered 2xx: settle the request, or poll it again. */
    void answered(Exchange exchange) {
        CriminalRecordRequests.Claim claim = exchange.getProperty(CLAIM, CriminalRecordRequests.Claim.class);
        JsonNode answer = read(exchange.getMessage().getBody(byte[].class));
        String status = answer.path("TrangThai").asText("");
        switch (status) {
            case "DA_CAP" -> {
                requests.issued(claim, certificate(answer.path("Phieu")));
                LOG.info("criminal-record request issued requestId={}", claim.id());
            }
            case "TU_CHOI" -> {
                String reason = answer.path("LyDo").asText("");
                requests.rejected(claim, reason.isBlank() ? "Rejected by the criminal-records service" : reason);
                LOG.info("criminal-record request rejected requestId={}", claim.id());
            }
            case "DANG_XU_LY" -> notYet(claim);
            default -> throw unreadable();
        }
    }

    /** The poll failed (error status, timeout, unreachable, unreadable): poll again later. */
    void unanswered(Exchange exchange) {
        CriminalRecordRequests.Claim claim = exchange.getProperty(CLAIM, CriminalRecordRequests.Claim.class);
        LOG.warn("criminal-record poll failed requestId={} reason={}", claim.id(),
                CriminalRecordSubmission.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class)));
        notYet(claim);
    }

    private void notYet(CriminalRecordRequests.Claim claim) {
        if (claim.pastDeadline()) {
            requests.deadlineExceeded(claim);
            LOG.warn("criminal-record request failed requestId={} reason={}", claim.id(),
                    CriminalRecordRequests.DEADLINE_EXCEEDED);
        } else {
            requests.reschedule(claim);
        }
    }

    /** {@code Phieu{SoPhieu, NgayCap, CoAnTich, AnTich[{ToiDanh, BanAn, NgayTuyen, ToaAn, DaXoaAnTich}]}}. */
    private static Certificate certificate(JsonNode phieu) {
        if (!phieu.isObject() || !phieu.path("SoPhieu").isTextual()) {
            throw unreadable();
        }
        List<Certificate.Conviction> convictions = new ArrayList<>();
        for (JsonNode c : phieu.path("AnTich")) {
            convictions.add(new Certificate.Conviction(text(c, "ToiDanh"), text(c, "BanAn"), date(c.path("NgayTuyen")),
                    text(c, "ToaAn"), c.path("DaXoaAnTich").isBoolean() ? c.path("DaXoaAnTich").asBoolean() : null));
        }
        boolean hasRecord = phieu.path("CoAnTich").isBoolean() ? phieu.path("CoAnTich").asBoolean() : !convictions.isEmpty();
        return new Certificate(phieu.path("SoPhieu").asText(), date(phieu.path("NgayCap")), hasRecord,
                List.copyOf(convictions));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    /** ISO dates, or the dd/MM/yyyy some national systems use. */
    private static LocalDate date(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        String value = node.asText();
        try {
            return value.contains("/") ? LocalDate.parse(value, VIETNAMESE_DATE) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw unreadable();
        }
    }

    private JsonNode read(byte[] body) {
        try {
            JsonNode answer = body == null ? null : json.readTree(body);
            if (answer == null || !answer.isObject()) {
                throw unreadable();
            }
            return answer;
        } catch (IOException e) {
            throw unreadable();
        }
    }

    /** The cause is not kept: it may quote the body, which holds personal data. */
    private static HubException unreadable() {
        return new HubException(ErrorCode.SOURCE_BAD_RESPONSE,
                "The criminal-records service answered with a body that could not be read");
    }
}
