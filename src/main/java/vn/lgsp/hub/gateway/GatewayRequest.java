package vn.lgsp.hub.gateway;

import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.http.common.HttpMessage;
import vn.lgsp.hub.common.Codes;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.security.CurrentClient;
import vn.lgsp.hub.security.HubClient;

/**
 * Who asks, for which dossier, agency and procedure, on behalf of which officer (docs/api.md §1), read
 * from a request's context headers. Only valid values are kept: what is recorded never holds
 * the caller's malformed input. Data lookups and criminal-record requests share these rules.
 */
public record GatewayRequest(String correlationId, String path, HubClient client, String dossierId,
                      String procedureCode, String officerId, String agencyCode) {

    static final String PROPERTY = "hubRequest";
    /** The exchange property naming the client of a lookup the hub makes for it (a pre-fill's part). */
    static final String CLIENT_PROPERTY = "hubClient";
    static final String DOSSIER_HEADER = "X-Dossier-Id";
    static final String PROCEDURE_HEADER = "X-Procedure-Code";
    static final String OFFICER_HEADER = "X-Officer-Id";
    /** Optional extension: the agency handling the dossier, recorded in the ledger. */
    static final String AGENCY_HEADER = "X-Agency-Code";

    /**
     * Reads the context of a data lookup (or a criminal-record request): dossier and procedure are
     * required. What is valid is kept on the exchange before a broken rule is thrown, so that a
     * refused request can still be recorded with what was valid in it.
     */
    public static GatewayRequest lookup(Exchange exchange) {
        GatewayRequest request = read(exchange);
        exchange.setProperty(PROPERTY, request);
        request.requireValid(exchange.getIn());
        return request;
    }

    /** The context headers' valid values (an invalid one is read as absent); see {@link #requireValid}. */
    static GatewayRequest read(Exchange exchange) {
        Message in = exchange.getIn();
        return new GatewayRequest(in.getHeader(CorrelationId.HEADER, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class), client(in),
                reference(in.getHeader(DOSSIER_HEADER, String.class)),
                procedureCode(in.getHeader(PROCEDURE_HEADER, String.class)),
                reference(in.getHeader(OFFICER_HEADER, String.class)),
                reference(in.getHeader(AGENCY_HEADER, String.class)));
    }

    /** Throws the first broken rule of the context headers read from {@code in}: dossier and procedure are required. */
    void requireValid(Message in) {
        if (dossierId == null) {
            throw invalidHeader(DOSSIER_HEADER, in.getHeader(DOSSIER_HEADER) == null
                    ? "is required on data lookups" : Codes.REFERENCE_RULE);
        }
        if (procedureCode == null) {
            throw invalidHeader(PROCEDURE_HEADER, in.getHeader(PROCEDURE_HEADER) == null
                    ? "is required on data lookups" : Codes.PROCEDURE_CODE_RULE);
        }
        if (officerId == null && in.getHeader(OFFICER_HEADER) != null) {
            throw invalidHeader(OFFICER_HEADER, Codes.REFERENCE_RULE);
        }
        if (agencyCode == null && in.getHeader(AGENCY_HEADER) != null) {
            throw invalidHeader(AGENCY_HEADER, Codes.REFERENCE_RULE);
        }
    }

    /** The request read so far, or what can be known of it when reading it failed early. */
    public static GatewayRequest of(Exchange exchange) {
        GatewayRequest request = exchange.getProperty(PROPERTY, GatewayRequest.class);
        if (request != null) {
            return request;
        }
        Message in = exchange.getIn();
        return new GatewayRequest(in.getHeader(CorrelationId.HEADER, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class), currentClient(), null, null, null, null);
    }

    /** The authenticated client: the one a pre-fill's part is made for, or from the HTTP request when there is one. */
    private static HubClient client(Message in) {
        if (in.getExchange() != null && in.getExchange().getProperty(CLIENT_PROPERTY) instanceof HubClient client) {
            return client;
        }
        return in instanceof HttpMessage http && http.getRequest() != null ? CurrentClient.of(http.getRequest())
                : currentClient();
    }

    private static HubClient currentClient() {
        return CurrentClient.get();
    }

    /** A dossier, officer or agency reference: 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'; else null. */
    private static String reference(String value) {
        return Codes.isReference(value) ? value : null;
    }

    /** A national procedure code, a digit, a dot and six digits ({@code 1.001612}); else null. */
    private static String procedureCode(String value) {
        return Codes.isProcedureCode(value) ? value : null;
    }

    private static HubException invalidHeader(String header, String message) {
        return new HubException(ErrorCode.INVALID_REQUEST, header + " " + message,
                List.of(new HubException.FieldProblem(header, message)));
    }
}
