package vn.lgsp.hub.sources.citizens;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.lookup.Lookup;

/**
 * Writes the population database's {@code TraCuuThongTinCongDan} request for a {@link CitizenQuery}
 * (docs/national-systems.md §1.3-1.4), in one of the two forms provinces connect with, chosen in
 * {@code routes/citizens.yaml}: {@code soap}, the SOAP 1.1 envelope in the namespace
 * {@code http://dancuquocgia.bca} (the service's own form, also what a SOAP pass-through LGSP takes);
 * {@code lgspJson}, the flat JSON object a province LGSP wraps it in. Both are POSTed.
 *
 * <p>Fields: {@code MaYeuCau} a new request id per call, {@code MaDVC} the procedure code,
 * {@code MaTichHop} the integration code ({@code hub.citizens.integration-code}), {@code MaCanBo} the
 * officer, {@code SoDinhDanh}, {@code HoVaTen} normalised as the service matches it, the birth date
 * ({@code NgayThangNam} {@code yyyyMMdd}, or {@code Nam} alone), and {@code MaDonVi} the agency.
 */
@Component("populationRequests")
public class PopulationRequests {

    static final String NAMESPACE = "http://dancuquocgia.bca";
    static final String SOAP_ENVELOPE = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final Logger LOG = LoggerFactory.getLogger(PopulationRequests.class);

    private final CitizenLookupProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final AtomicInteger sequence = new AtomicInteger();

    PopulationRequests(CitizenLookupProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    /** The SOAP envelope, fields in the order the service expects. */
    public void soap(Exchange exchange) {
        CitizenQuery query = query(exchange);
        StringBuilder xml = new StringBuilder(768)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
                .append("<soapenv:Envelope xmlns:soapenv=\"").append(SOAP_ENVELOPE)
                .append("\" xmlns:dan=\"").append(NAMESPACE).append("\">")
                .append("<soapenv:Header/><soapenv:Body><dan:TraCuuThongTinCongDan>");
        element(xml, "MaYeuCau", requestId(exchange));
        element(xml, "MaDVC", query.procedureCode());
        element(xml, "MaTichHop", properties.integrationCode());
        element(xml, "MaCanBo", query.officerId());
        element(xml, "SoDinhDanh", query.value());
        element(xml, "HoVaTen", PopulationNames.normalise(query.fullName()));
        xml.append("<dan:NgayThangNamSinh>");
        element(xml, query.birth().date() == null ? "Nam" : "NgayThangNam", query.birth().wireValue());
        xml.append("</dan:NgayThangNamSinh>");
        element(xml, "MaDonVi", query.agencyCode());
        xml.append("</dan:TraCuuThongTinCongDan></soapenv:Body></soapenv:Envelope>");
        send(exchange, xml.toString(), "application/xml; charset=UTF-8");
        exchange.getMessage().setHeader("SOAPAction", "\"\"");
    }

    /** The LGSP's JSON form: the same fields, flat, the birth date as {@code NgayThangNam} or {@code Nam}. */
    public void lgspJson(Exchange exchange) throws Exception {
        CitizenQuery query = query(exchange);
        ObjectNode body = json.createObjectNode()
                .put("MaYeuCau", requestId(exchange))
                .put("MaDVC", query.procedureCode())
                .put("MaTichHop", properties.integrationCode())
                .put("MaCanBo", query.officerId())
                .put("SoDinhDanh", query.value())
                .put("HoVaTen", PopulationNames.normalise(query.fullName()))
                .put(query.birth().date() == null ? "Nam" : "NgayThangNam", query.birth().wireValue())
                .put("MaDonVi", query.agencyCode());
        send(exchange, json.writeValueAsString(body), "application/json; charset=UTF-8");
    }

    private static CitizenQuery query(Exchange exchange) {
        if (!(Lookup.of(exchange).subject() instanceof CitizenQuery query) || query.copyOnly()) {
            throw new IllegalStateException("The population database is called only for a complete citizen lookup");
        }
        return query;
    }

    private static void send(Exchange exchange, String body, String contentType) {
        exchange.getMessage().setHeader(Exchange.HTTP_METHOD, HttpMethods.POST);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setBody(body);
    }

    /** Unique per call and instance: the prefix, the time in milliseconds and a sequence. Logged with the correlation id. */
    private String requestId(Exchange exchange) {
        int n = Math.floorMod(sequence.getAndIncrement(), 1000);
        // three digits, zero-padded (String.format costs more than the rest of the request's body)
        String id = properties.requestIdPrefix() + clock.millis() + (n < 10 ? "00" : n < 100 ? "0" : "") + n;
        if (LOG.isDebugEnabled()) {
            LOG.debug("population request correlationId={} requestId={}", Lookup.of(exchange).correlationId(), id);
        }
        return id;
    }

    private static void element(StringBuilder xml, String name, String value) {
        xml.append("<dan:").append(name).append('>');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> xml.append("&lt;");
                case '>' -> xml.append("&gt;");
                case '&' -> xml.append("&amp;");
                default -> xml.append(c);
            }
        }
        xml.append("</dan:").append(name).append('>');
    }
}
