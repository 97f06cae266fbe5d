package vn.lgsp.hub.sources.lookup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javax.xml.stream.XMLInputFactory;
import org.codehaus.stax2.XMLInputFactory2;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.HubException;

/**
 * Reads national databases' answers (JSON or XML) into a tree the mappers walk, and the small
 * conversions they share. XML is read with DTDs and external entities off.
 */
@Component
public class UpstreamFormats {

    private final ObjectMapper json;
    private final XmlMapper xml;

    public UpstreamFormats(ObjectMapper json) {
        this.json = json;
        XMLInputFactory input = XMLInputFactory.newFactory();
        input.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        // element and namespace names as plain strings: Woodstox interns each name it has not seen in a
        // reader's symbol table, and String.intern on every answer cost more than the rest of the parse
        for (String intern : new String[] {XMLInputFactory2.P_INTERN_NAMES, XMLInputFactory2.P_INTERN_NS_URIS}) {
            if (input.isPropertySupported(intern)) {
                input.setProperty(intern, false);
            }
        }
        this.xml = new XmlMapper(XmlFactory.builder().xmlInputFactory(input).build());
    }

    public JsonNode readJson(Exchange exchange) {
        return read(exchange, json);
    }

    public JsonNode readXml(Exchange exchange) {
        return read(exchange, xml);
    }

    /** XML carried as text inside another answer (a JSON wrapper's SOAP envelope). */
    public JsonNode readXml(String text, String source) {
        try {
            JsonNode tree = text == null ? null : xml.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw UpstreamResponses.unparseable(source);
            }
            return tree;
        } catch (IOException e) {
            throw UpstreamResponses.unparseable(source);
        }
    }

    private static JsonNode read(Exchange exchange, ObjectMapper mapper) {
        String source = Lookup.of(exchange).source();
        try (InputStream body = exchange.getMessage().getBody(InputStream.class)) {
            if (body == null) {
                throw UpstreamResponses.unparseable(source);
            }
            JsonNode tree = mapper.readTree(body);
            if (tree == null || !tree.isObject()) {
                throw UpstreamResponses.unparseable(source);
            }
            return tree;
        } catch (IOException e) {
            throw UpstreamResponses.unparseable(source);
        }
    }

    /** A field that must be present and non-blank, else the answer is unusable. */
    public static String required(JsonNode node, String field, String source) {
        String value = optional(node, field);
        if (value == null) {
            throw UpstreamResponses.unparseable(source);
        }
        return value;
    }

    public static String optional(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return null;
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    public static LocalDate date(String value, DateTimeFormatter format, String source) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value, format);
        } catch (DateTimeParseException e) {
            throw UpstreamResponses.unparseable(source);
        }
    }

    public static BigDecimal decimal(String value, String source) {
        if (value == null) {
            return null;
        }
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw UpstreamResponses.unparseable(source);
        }
    }

    public static Address address(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Address(optional(node, "MaTinhThanh"), optional(node, "MaPhuongXa"), optional(node, "ChiTiet"));
    }

    /** The elements of a list field; XML gives a single element as an object, JSON as a one-element array. */
    public static <T> List<T> list(JsonNode node, String field, Function<JsonNode, T> item) {
        JsonNode value = node.get(field);
        List<T> items = new ArrayList<>();
        if (value == null || value.isNull()) {
            return items;
        }
        if (value.isArray()) {
            value.forEach(v -> items.add(item.apply(v)));
        } else {
            items.add(item.apply(value));
        }
        return items;
    }

    public static HubException unparseable(String source) {
        return UpstreamResponses.unparseable(source);
    }
}
