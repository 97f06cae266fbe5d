package vn.lgsp.hub.criminalrecords;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Polls submitted requests until the criminal-records service settles them: it is asked for the
 * status of the request's dossier (maHoSoMCDT) and answers a {@code trangThaiXuLy}: 9 or 10 with the
 * certificate (ketQuaXuLy) is issued, 3, 7 or 8 rejected, anything else still processing: polled again
 * later, with a backoff, until the deadline ({@link CriminalRecordAnswers#status}). Any failure of a poll
 * (an error status, {@code status} 0, a timeout, an unreadable body or PDF) only reschedules it.
 */
@Component
class CriminalRecordPolling {

    static final String CLAIM = "hubClaim";
    /** Exchange property: the due request was claimed by another poller, nothing to do. */
    static final String SKIP = "hubSkip";
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

    /** Claims one due request; when another poller has it, it is skipped. On success the status question is prepared. */
    void claim(Exchange exchange) throws IOException {
        Optional<CriminalRecordRequests.Claim> claim =
                requests.claim(exchange.getIn().getBody(CriminalRecordRequests.Due.class));
        if (claim.isEmpty()) {
            exchange.setProperty(SKIP, true);
            return;
        }
        exchange.setProperty(CLAIM, claim.get());
        exchange.getIn().removeHeaders("*");
        exchange.getIn().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        exchange.getIn().setHeader(Exchange.HTTP_PATH, properties.statusPath());
        exchange.getIn().setHeader(Exchange.CONTENT_TYPE, "application/json; charset=UTF-8");
        exchange.getIn().setHeader("Accept", "application/json");
        exchange.getIn().setBody(json.writeValueAsBytes(CriminalRecordEnvelope.status(claim.get().upstreamId(), properties)));
    }

    /** The service answered 2xx: settle the request, or poll it again. */
    void answered(Exchange exchange) {
        CriminalRecordRequests.Claim claim = exchange.getProperty(CLAIM, CriminalRecordRequests.Claim.class);
        CriminalRecordAnswers.Status status =
                CriminalRecordAnswers.status(exchange.getMessage().getBody(byte[].class), claim.upstreamId(), json);
        if (status instanceof CriminalRecordAnswers.Issued issued) {
            requests.issued(claim, issued.certificate(), issued.pdf());
            LOG.info("criminal-record request issued requestId={} pdf={}", claim.id(), issued.pdf() != null);
        } else if (status instanceof CriminalRecordAnswers.Rejected rejected) {
            requests.rejected(claim, rejected.reason());
            LOG.info("criminal-record request rejected requestId={}", claim.id());
        } else {
            notYet(claim);
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
}
