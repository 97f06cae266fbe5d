package vn.lgsp.hub.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * The one place where errors become {@code application/problem+json} responses, for Camel routes
 * and for the servlet layer (security, unknown paths, container errors) alike.
 */
@Component
public class Problems {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String ERROR_HEADER = "X-Hub-Error";

    private final ObjectMapper mapper;

    public Problems(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public byte[] render(Problem problem) {
        try {
            return mapper.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            // a record of strings and ints always serialises; keep a valid body even so
            return ("{\"status\":" + problem.status() + ",\"code\":\"" + problem.code() + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
        }
    }

    /** Writes a problem on a servlet response (filters, security handlers, the error controller). */
    public void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail,
                      List<HubException.FieldProblem> errors) throws IOException {
        write(request, response, code, detail, errors, null);
    }

    /** Writes a hub failure on a servlet response: its code, detail, invalid fields and location. */
    public void write(HttpServletRequest request, HttpServletResponse response, HubException failure)
            throws IOException {
        write(request, response, failure.code(), failure.getMessage(), failure.errors(), failure.location().orElse(null));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ErrorCode code, String detail,
                       List<HubException.FieldProblem> errors, HubException.Location location) throws IOException {
        String correlationId = (String) request.getAttribute(CorrelationId.KEY);
        String instance = request.getRequestURI();
        Object forwarded = request.getAttribute("jakarta.servlet.error.request_uri");
        if (forwarded instanceof String uri) {
            instance = uri;
        }
        byte[] body = render(Problem.of(code, detail, instance, correlationId, errors, location));
        response.resetBuffer();
        response.setStatus(code.status());
        response.setContentType(MEDIA_TYPE);
        response.setHeader(ERROR_HEADER, code.code());
        if (correlationId != null) {
            response.setHeader(CorrelationId.HEADER, correlationId);
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    /** Writes the problem of a bare HTTP status raised outside the hub's own handling (container, firewall, routing). */
    public void write(HttpServletRequest request, HttpServletResponse response, int status) throws IOException {
        ErrorCode code = ErrorCode.forStatus(status);
        String detail = switch (code) {
            case INVALID_REQUEST -> "The request is malformed or over the server's limits";
            case NOT_FOUND -> "No resource at this path";
            case METHOD_NOT_ALLOWED -> "This path does not accept this method";
            default -> code.title();
        };
        write(request, response, code, detail, List.of());
    }

    /** Turns the exchange into a problem response; the route's response headers are reduced to the contract's. */
    public void apply(Exchange exchange, HubException failure, String instance, String correlationId) {
        ErrorCode code = failure.code();
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, code.status());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, MEDIA_TYPE);
        exchange.getMessage().setHeader(ERROR_HEADER, code.code());
        exchange.getMessage().setBody(render(Problem.of(failure, instance, correlationId)));
    }
}
