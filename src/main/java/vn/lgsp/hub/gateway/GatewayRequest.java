package vn.lgsp.hub.gateway;

import java.util.List;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.lgsp.hub.common.CorrelationId;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.security.HubClient;

/**
 * Who asks, for which dossier and procedure, on behalf of which officer (API.md §1), read from a
 * request's context headers and validated.
 */
record GatewayRequest(String correlationId, String path, HubClient client, String dossierId,
                      String procedureCode, String officerId) {

    static final String PROPERTY = "hubRequest";
    static final String DOSSIER_HEADER = "X-Dossier-Id";
    static final String PROCEDURE_HEADER = "X-Procedure-Code";
    static final String OFFICER_HEADER = "X-Officer-Id";

    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PROCEDURE_CODE = Pattern.compile("[0-9]\\.[0-9]{6}");

    /** Reads the context of a data lookup: dossier and procedure are required. */
    static GatewayRequest lookup(Exchange exchange) {
        Message in = exchange.getIn();
        String dossierId = in.getHeader(DOSSIER_HEADER, String.class);
        String procedureCode = in.getHeader(PROCEDURE_HEADER, String.class);
        String officerId = in.getHeader(OFFICER_HEADER, String.class);
        GatewayRequest request = new GatewayRequest(in.getHeader(CorrelationId.HEADER, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class), currentClient(), dossierId, procedureCode, officerId);
        exchange.setProperty(PROPERTY, request);
        if (dossierId == null || !REFERENCE.matcher(dossierId).matches()) {
            throw invalidHeader(DOSSIER_HEADER, dossierId == null
                    ? "is required on data lookups" : "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        if (procedureCode == null || !PROCEDURE_CODE.matcher(procedureCode).matches()) {
            throw invalidHeader(PROCEDURE_HEADER, procedureCode == null
                    ? "is required on data lookups" : "must be a national procedure code such as 1.001612");
        }
        if (officerId != null && !REFERENCE.matcher(officerId).matches()) {
            throw invalidHeader(OFFICER_HEADER, "must be 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
        }
        return request;
    }

    /** The request read so far, or what can be known of it when reading it failed early. */
    static GatewayRequest of(Exchange exchange) {
        GatewayRequest request = exchange.getProperty(PROPERTY, GatewayRequest.class);
        if (request != null) {
            return request;
        }
        Message in = exchange.getIn();
        return new GatewayRequest(in.getHeader(CorrelationId.HEADER, String.class),
                in.getHeader(Exchange.HTTP_URI, String.class), currentClient(), null, null, null);
    }

    private static HubClient currentClient() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof HubClient client ? client : null;
    }

    private static HubException invalidHeader(String header, String message) {
        return new HubException(ErrorCode.INVALID_REQUEST, header + " " + message,
                List.of(new HubException.FieldProblem(header, message)));
    }
}
