package vn.lgsp.hub.sources.citizens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.Lookup;
import vn.lgsp.hub.sources.lookup.SourceRefusedException;
import vn.lgsp.hub.sources.lookup.SubjectNotFoundException;
import vn.lgsp.hub.sources.lookup.UpstreamFormats;

/** The population database's answers (mock-endpoints/__files/citizens and hand-made edge cases) as the canonical citizen. */
class CitizenMapperTest {

    private static final Path FIXTURES = Path.of("mock-endpoints", "__files", "citizens");
    private static final String SOAP = "text/xml; charset=utf-8";
    private static final String JSON = "application/json";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T01:54:25Z"), ZoneId.of("Asia/Ho_Chi_Minh"));

    private final CitizenMapper mapper = new CitizenMapper(
            new UpstreamFormats(new ObjectMapper().registerModule(new JavaTimeModule())),
            new Catalogues(new ObjectMapper()), CLOCK);

    @Test
    void theSoapAnswerAndItsLgspWrapperGiveTheSameCitizen() throws Exception {
        Citizen soap = map(200, SOAP, fixture("074085000123.xml"));
        Citizen wrapped = map(200, JSON, fixture("lgsp-074085000123.json"));

        assertThat(wrapped).isEqualTo(soap);
        assertThat(soap.fullName()).isEqualTo("Nguyễn Văn An");
        assertThat(soap.ethnicity()).isEqualTo("Kinh");
        assertThat(soap.maritalStatus()).isEqualTo("Đang có vợ/chồng");
        assertThat(soap.householdHead().relationshipCode()).isEqualTo("CH01");
    }

    @Test
    void aGivenNameThatIsTheWholeNameIsNotRepeated() throws Exception {
        assertThat(map(200, SOAP, fixture("079190004567.xml")).fullName()).isEqualTo("Trần Thị Bình");
    }

    @Test
    void noCongDanIsNotFound() throws Exception {
        assertThatThrownBy(() -> map(200, SOAP, fixture("not-found.xml"))).isInstanceOf(SubjectNotFoundException.class);
        assertThatThrownBy(() -> map(200, JSON, fixture("lgsp-not-found.json")))
                .isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void refusalCodesRefuseAndOtherErrorsFail() throws Exception {
        assertThatThrownBy(() -> map(500, SOAP, fixture("fault-004.xml"))).isInstanceOf(SourceRefusedException.class)
                .hasMessageContaining("(004)");
        assertThatThrownBy(() -> map(200, JSON, fixture("lgsp-refused-005.json")))
                .isInstanceOf(SourceRefusedException.class).hasMessageContaining("(005)");
        assertBadResponse(500, SOAP, fixture("fault-500.xml"));
        assertBadResponse(200, JSON, "{\"error_code\":\"999\",\"message\":\"Lỗi\"}");
    }

    @Test
    void whatIsNotTheServicesAnswerFails() {
        // an error status without a fault, a wrapper whose message is not an envelope, an envelope without a body
        assertBadResponse(500, SOAP, envelope("<ns1:CongdanCollection/>"));
        assertBadResponse(200, JSON, "{\"error_code\":\"0\",\"message\":\"not xml <\"}");
        assertBadResponse(200, SOAP, "<Envelope><Header/></Envelope>");
        assertBadResponse(200, SOAP, envelope(congDan("<ns1:NgayThangNamSinh><ns1:Nam>1984</ns1:Nam>"
                + "<ns1:NgayThangNam>19850314</ns1:NgayThangNam></ns1:NgayThangNamSinh>")));
        assertBadResponse(200, SOAP, envelope(congDan("<ns1:NgayThangNamSinh/>")));
    }

    @Test
    void anUnknownGenderCodeIsNoInformation() throws Exception {
        Citizen c = map(200, SOAP, fixture("001055000321.xml"));

        assertThat(c.gender()).isNull();
        assertThat(c.dateOfBirth()).isNull();
        assertThat(c.birthYear()).isEqualTo(1955);
        assertThat(c.ethnicityCode()).isEqualTo("77");
        assertThat(c.ethnicity()).isNull();
    }

    private void assertBadResponse(int status, String type, String body) {
        assertThatThrownBy(() -> map(status, type, body)).isInstanceOf(HubException.class)
                .isNotInstanceOf(SubjectNotFoundException.class).isNotInstanceOf(SourceRefusedException.class)
                .extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
    }

    private static String congDan(String birth) {
        return "<ns1:CongdanCollection><ns1:CongDan><ns1:SoDinhDanh>074085000123</ns1:SoDinhDanh>"
                + "<ns1:HoVaTen><ns1:Ten>An</ns1:Ten></ns1:HoVaTen>" + birth + "</ns1:CongDan></ns1:CongdanCollection>";
    }

    private static String envelope(String body) {
        return "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\" "
                + "xmlns:ns1=\"http://www.mic.gov.vn/dancu/1.0\"><soapenv:Body>" + body + "</soapenv:Body></soapenv:Envelope>";
    }

    private static String fixture(String name) throws Exception {
        return Files.readString(FIXTURES.resolve(name), StandardCharsets.UTF_8);
    }

    private Citizen map(int status, String type, String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Lookup.PROPERTY, new Lookup("citizens", true, Instant.EPOCH, 0, null));
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, type);
        exchange.getMessage().setBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return mapper.map(exchange);
    }
}
