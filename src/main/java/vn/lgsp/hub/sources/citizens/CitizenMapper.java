package vn.lgsp.hub.sources.citizens;

import static vn.lgsp.hub.sources.lookup.UpstreamFormats.address;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.optional;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.Characters;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.SourceRefusedException;
import vn.lgsp.hub.sources.lookup.SubjectNotFoundException;
import vn.lgsp.hub.sources.lookup.UpstreamFormats;

/**
 * Maps the population database's answer to a {@code TraCuuThongTinCongDan} call to {@link Citizen}
 * (docs/national-systems.md §1). The answer is a SOAP envelope ({@code Body/CongdanCollection/CongDan}),
 * or the province LGSP's JSON wrapper {@code {error_code, message}} whose {@code message} is that
 * envelope as text. The answer itself says how the lookup went: no {@code CongDan} means no citizen
 * with that ID, name and birth date; refusals come as codes ({@code 004} the procedure is not licensed
 * to use the database, {@code 005} the officer is not authorised), in the wrapper's {@code error_code}
 * or in a SOAP fault's {@code faultstring}. Codes (ethnicity, religion, marital status, household
 * relation) are named from the hub's catalogues, the code kept beside the name. Referenced from
 * {@code routes/citizens.yaml} as {@code citizenMapper}.
 */
@Component("citizenMapper")
public class CitizenMapper {

    private static final String SOURCE = "citizens";
    /** The refusals the population service answers with, by code; any other error code is a failure. */
    static final Map<String, String> REFUSALS = Map.of(
            "004", "the procedure is not licensed to use the population database (004)",
            "005", "the officer is not authorised to look up citizens (005)");

    private final UpstreamFormats formats;
    private final Catalogues catalogues;
    private final Clock clock;

    CitizenMapper(UpstreamFormats formats, Catalogues catalogues, Clock clock) {
        this.formats = formats;
        this.catalogues = catalogues;
        this.clock = clock;
    }

    public Citizen map(Exchange exchange) {
        String type = exchange.getMessage().getHeader(Exchange.CONTENT_TYPE, "", String.class);
        JsonNode envelope = type.contains("json") ? unwrap(formats.readJson(exchange)) : formats.readXml(exchange);
        JsonNode body = envelope.path("Body");
        if (body.has("Fault")) {
            throw fault(body.get("Fault"));
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (status != null && (status < 200 || status > 299)) {
            // only a SOAP fault may come with an error status: anything else is not the service's answer
            throw UpstreamFormats.unparseable(SOURCE);
        }
        if (!body.isObject()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        JsonNode c = body.path("CongdanCollection").path("CongDan");
        if (!c.isObject()) {
            throw new SubjectNotFoundException(SOURCE);
        }
        JsonNode head = c.get("ChuHo");
        JsonNode birth = c.get("NgayThangNamSinh");
        LocalDate dateOfBirth = birthDate(birth);
        String ethnicity = optional(c, "DanToc");
        String religion = optional(c, "TonGiao");
        String marital = optional(c, "TinhTrangHonNhan");
        return new Citizen(
                required(c, "SoDinhDanh", SOURCE),
                fullName(c.get("HoVaTen")),
                dateOfBirth,
                birthYear(birth, dateOfBirth),
                gender(optional(c, "GioiTinh")),
                optional(c, "QuocTich"),
                catalogues.name("ethnicity", ethnicity), ethnicity,
                catalogues.name("religion", religion), religion,
                catalogues.name("marital-status", marital), marital,
                address(c.get("QueQuan")),
                address(c.get("ThuongTru")),
                address(c.get("NoiOHienTai")),
                head == null || !head.isObject() ? null : new Citizen.HouseholdHead(optional(head, "SoDinhDanh"),
                        optional(head, "HoVaTen"), catalogues.name("household-relation", optional(head, "QuanHe")),
                        optional(head, "QuanHe")),
                relative(c.get("Cha")),
                relative(c.get("Me")),
                relative(c.get("VoChong")),
                OffsetDateTime.now(clock));
    }

    /** The LGSP wrapper: {@code error_code} 0 carries the envelope in {@code message}; a refusal code refuses. */
    private JsonNode unwrap(JsonNode wrapper) {
        String code = optional(wrapper, "error_code");
        if (code != null && !code.chars().allMatch(ch -> ch == '0')) {
            throw refusalOrFailure(code);
        }
        return formats.readXml(optional(wrapper, "message"), SOURCE);
    }

    /** A SOAP fault whose {@code faultstring} starts with a refusal code is a refusal; any other, a failure. */
    private static HubException fault(JsonNode fault) {
        String text = optional(fault, "faultstring");
        return refusalOrFailure(text == null || text.length() < 3 ? "" : text.substring(0, 3));
    }

    private static HubException refusalOrFailure(String code) {
        String reason = REFUSALS.get(code);
        if (reason != null) {
            return new SourceRefusedException(SOURCE, reason);
        }
        return new HubException(ErrorCode.SOURCE_BAD_RESPONSE, "The " + SOURCE + " database answered an error");
    }

    /**
     * {@code HoVaTen} is {@code {Ho, ChuDem, Ten}} for the citizen. Clients of the service show {@code Ten}
     * as the whole name, so a {@code Ten} that already starts with the surname is the whole name; otherwise
     * the parts are joined. Plain text is read as it is.
     */
    private static String fullName(JsonNode name) {
        if (name == null) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        String full;
        if (name.isObject()) {
            String surname = optional(name, "Ho");
            String given = optional(name, "Ten");
            full = given != null && (surname == null || given.startsWith(surname + " ")) ? given
                    : joined(surname, optional(name, "ChuDem"), given);
        } else {
            full = name.asText().trim();
        }
        if (full.isEmpty()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        return full;
    }

    /** The parts that are present, separated by a space. */
    private static String joined(String... parts) {
        StringBuilder text = new StringBuilder();
        for (String part : parts) {
            if (part != null) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(part);
            }
        }
        return text.toString();
    }

    /** {@code NgayThangNamSinh/NgayThangNam} ({@code yyyyMMdd}), or null when only {@code Nam} is given. */
    private static LocalDate birthDate(JsonNode birth) {
        if (birth == null || !birth.isObject()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        String value = optional(birth, "NgayThangNam");
        if (value == null) {
            return null;
        }
        LocalDate date = WireDate.parse(value);
        if (date == null) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        return date;
    }

    private static Integer birthYear(JsonNode birth, LocalDate date) {
        String year = optional(birth, "Nam");
        if (year == null) {
            if (date == null) {
                throw UpstreamFormats.unparseable(SOURCE);
            }
            return date.getYear();
        }
        if (!Characters.digits(year, 4) || date != null && date.getYear() != Characters.number(year, 0, 4)) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        return Characters.number(year, 0, 4);
    }

    /** {@code GioiTinh}: 1 male, 2 female; 0 (and anything else) is "no information". */
    private static Citizen.Gender gender(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "1" -> Citizen.Gender.MALE;
            case "2" -> Citizen.Gender.FEMALE;
            default -> null;
        };
    }

    private static Citizen.Relative relative(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Citizen.Relative(optional(node, "SoDinhDanh"), optional(node, "HoVaTen"));
    }
}
