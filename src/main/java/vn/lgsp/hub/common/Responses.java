package vn.lgsp.hub.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Successful route answers: the status, the body, and no header of the request echoed back. */
@Component
public class Responses {

    private final ObjectMapper json;

    public Responses(ObjectMapper json) {
        this.json = json;
    }

    public void json(Exchange exchange, int status, Object body) {
        try {
            bytes(exchange, status, "application/json", json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Response bodies are plain records and always serialise", e);
        }
    }

    public void bytes(Exchange exchange, int status, String contentType, byte[] body) {
        exchange.getMessage().removeHeaders("*");
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }
}
