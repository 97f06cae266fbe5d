package vn.lgsp.hub.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Reads JSON request bodies for the routes: at most {@value #MAX_BYTES} bytes; a missing or {@code null}
 * body, a malformed one, a wrong type or an unknown enum value is a 400 naming the field, never quoting
 * the value. A body that is not declared {@code application/json} (or {@code application/*+json}) in
 * UTF-8 is not read: 415 {@code client.unsupported_media_type}.
 */
@Component
public class JsonBodies {

    public static final int MAX_BYTES = 256 * 1024;

    private final ObjectMapper json;

    public JsonBodies(ObjectMapper json) {
        this.json = strict(json.copy());
    }

    /**
     * No coercion between JSON's types: a string where the contract has a number or a boolean, or a
     * number or boolean where it has a string, is refused as the wrong type rather than converted.
     */
    @SuppressWarnings("deprecation")
    static ObjectMapper strict(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        for (CoercionInputShape scalar : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(scalar, CoercionAction.Fail);
        }
        for (LogicalType number : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(number).setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        return mapper;
    }

    public <T> T read(Exchange exchange, Class<T> type) {
        requireJson(exchange.getIn().getHeader(Exchange.CONTENT_TYPE, String.class));
        byte[] body = exchange.getIn().getBody(byte[].class);
        if (body == null || body.length == 0) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "A JSON body is required");
        }
        if (body.length > MAX_BYTES) {
            throw new HubException(ErrorCode.PAYLOAD_TOO_LARGE, "The body is over 256 KiB");
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String message = e instanceof InvalidFormatException invalid && invalid.getTargetType().isEnum()
                    ? "must be one of " + List.of(invalid.getTargetType().getEnumConstants())
                    : "has the wrong type or format";
            if (field.isEmpty()) {
                throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "The body is not a valid JSON document");
            }
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, field, field + " " + message);
        } catch (JsonProcessingException e) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "The body is not valid JSON");
        } catch (IOException e) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "The body could not be read");
        }
        if (value == null) {
            // the document "null" (or only whitespace around it)
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "body", "A JSON body is required");
        }
        return value;
    }

    /** JSON is UTF-8 (RFC 8259): a declared charset must say so. */
    static void requireJson(String contentType) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMediaTypeException e) {
            type = null;
        }
        boolean json = type != null && "application".equals(type.getType())
                && ("json".equals(type.getSubtype()) || type.getSubtype().endsWith("+json"))
                && (type.getCharset() == null || StandardCharsets.UTF_8.equals(type.getCharset()));
        if (!json) {
            throw new HubException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "The body must be application/json in UTF-8");
        }
    }
}
