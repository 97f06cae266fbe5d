package vn.lgsp.hub.sources.enterprises;

import static vn.lgsp.hub.sources.lookup.UpstreamFormats.list;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.optional;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.sources.lookup.Address;
import vn.lgsp.hub.sources.lookup.SubjectNotFoundException;
import vn.lgsp.hub.sources.lookup.UpstreamFormats;
import vn.lgsp.hub.sources.lookup.UpstreamResponses;

/**
 * Maps the registry's {@code chiTietDoanhNghiep} answer, {@code {"GetEntCert": [EntCert]}}, to
 * {@link Enterprise} (docs/national-systems.md §2). {@code GetEntCert} null or empty is "no such
 * enterprise"; an answer without {@code GetEntCert} is unreadable. The first entry of
 * {@code TinhTrangPhapLy} is the current legal status. Codes are named through the
 * {@code enterprise-type} and {@code enterprise-status} catalogues when the answer leaves them
 * unnamed. Referenced from {@code routes/enterprises.yaml}.
 */
@Component("enterpriseMapper")
public class EnterpriseMapper {

    static final String TYPES = "enterprise-type";
    static final String STATUSES = "enterprise-status";

    private static final String SOURCE = "enterprises";
    private static final int PROVINCE_WIDTH = 2;
    private static final int COMMUNE_WIDTH = 5;
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern DAY_FIRST = Pattern.compile("[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}");
    private static final DateTimeFormatter DAY_MONTH_YEAR =
            DateTimeFormatter.ofPattern("d/M/uuuu").withResolverStyle(ResolverStyle.STRICT);

    /**
     * The canonical status of each {@code MaTinhTrangPhapLy} of the {@code enterprise-status}
     * catalogue, keyed without leading zeros. A code not here is {@code UNKNOWN}.
     */
    private static final Map<String, Enterprise.Status> STATUS_OF_CODE = Map.of(
            "1", Enterprise.Status.ACTIVE,
            "2", Enterprise.Status.SUSPENDED,
            "4", Enterprise.Status.DISSOLVING,
            "5", Enterprise.Status.REVOKED,
            "6", Enterprise.Status.DISSOLVING,
            "7", Enterprise.Status.DISSOLVED,
            "8", Enterprise.Status.DISSOLVED,
            "9", Enterprise.Status.DISSOLVED);

    private final UpstreamFormats formats;
    private final Catalogues catalogues;
    private final Clock clock;

    EnterpriseMapper(UpstreamFormats formats, Catalogues catalogues, Clock clock) {
        this.formats = formats;
        this.catalogues = catalogues;
        this.clock = clock;
    }

    public Enterprise map(Exchange exchange) {
        JsonNode e = entCert(formats.readJson(exchange));
        String code = required(e, "MaSoDoanhNghiep", SOURCE);
        List<JsonNode> statuses = list(e, "TinhTrangPhapLy", s -> s);
        JsonNode current = statuses.isEmpty() ? null : statuses.get(0);
        String statusCode = optional(current, "MaTinhTrangPhapLy");
        String statusName = optional(current, "TinhTrangPhapLy");
        String legalFormCode = optional(e, "MaLoaiHinhDN");
        String legalForm = optional(e, "LoaiHinhDN");
        return new Enterprise(
                code,
                parentOf(code),
                required(e, "TenTiengViet", SOURCE),
                optional(e, "TenNuocNgoai"),
                optional(e, "TenVietTat"),
                legalForm != null ? legalForm : catalogues.name(TYPES, legalFormCode),
                legalFormCode,
                status(statusCode),
                statusCode,
                statusName != null ? statusName : catalogues.name(STATUSES, statusCode),
                date(optional(current, "NgayBatDauTamNgung")),
                date(optional(current, "NgayKetThucTamNgung")),
                date(optional(e, "NgayDangKyLanDau")),
                headOffice(e),
                representatives(e),
                list(e, "NganhNgheKinhDoanh", l -> new Enterprise.BusinessLine(
                        optional(l, "MaNganh"), optional(l, "TenNganh"), flag(l.get("LaNganhChinh")))),
                OffsetDateTime.now(clock));
    }

    /** The enterprise of the answer: {@code GetEntCert[0]}; null or {@code []} is "not found". */
    private static JsonNode entCert(JsonNode answer) {
        JsonNode certs = answer.get("GetEntCert");
        if (certs == null) {
            throw UpstreamResponses.unparseable(SOURCE);
        }
        if (certs.isNull() || certs.isArray() && certs.isEmpty()) {
            throw new SubjectNotFoundException(SOURCE);
        }
        JsonNode cert = certs.isArray() ? certs.get(0) : certs;
        if (!cert.isObject()) {
            throw UpstreamResponses.unparseable(SOURCE);
        }
        return cert;
    }

    /** A branch or dependent unit ({@code NNNNNNNNNN-NNN}) belongs to the enterprise of its first ten digits. */
    private static String parentOf(String code) {
        int dash = code.indexOf('-');
        return dash > 0 ? code.substring(0, dash) : null;
    }

    static Enterprise.Status status(String code) {
        if (code == null) {
            return Enterprise.Status.UNKNOWN;
        }
        String key = code.trim();
        if (DIGITS.matcher(key).matches()) {
            key = key.replaceFirst("^0+(?=.)", "");
        }
        return STATUS_OF_CODE.getOrDefault(key, Enterprise.Status.UNKNOWN);
    }

    /** {@code DiaChiTruSo[0].DiaChi[0]}: integer codes padded to the national widths. */
    private static Address headOffice(JsonNode e) {
        for (JsonNode office : list(e, "DiaChiTruSo", o -> o)) {
            for (JsonNode a : list(office, "DiaChi", x -> x)) {
                if (!a.isObject()) {
                    continue;
                }
                return new Address(unitCode(a, "MaTinhThanh", PROVINCE_WIDTH),
                        unitCode(a, "MaPhuongXa", COMMUNE_WIDTH), detail(a));
            }
        }
        return null;
    }

    /** An administrative unit code; the registry sends it as an integer, so its leading zeros are restored. */
    private static String unitCode(JsonNode address, String field, int width) {
        String value = optional(address, field);
        if (value == null || !DIGITS.matcher(value).matches()) {
            return value;
        }
        String stripped = value.replaceFirst("^0+", "");
        if (stripped.isEmpty()) {
            return null; // 0: no unit (no unit is numbered 0)
        }
        return stripped.length() >= width ? stripped : "0".repeat(width - stripped.length()) + stripped;
    }

    /** The full address text ({@code DiaChi}); without it, the house and street and the unit names. */
    private static String detail(JsonNode address) {
        String full = optional(address, "DiaChi");
        if (full != null) {
            return full;
        }
        String joined = Stream.of("SoNha", "TenPhuongXa", "TenQuanHuyen", "TenTinhThanh")
                .map(f -> optional(address, f))
                .filter(Objects::nonNull)
                .collect(Collectors.joining(", "));
        return joined.isEmpty() ? null : joined;
    }

    /** Every person of every {@code DaiDienPhapLuat[].ThongTinCaNhan[]}; the registry gives no title. */
    private static List<Enterprise.LegalRepresentative> representatives(JsonNode e) {
        List<Enterprise.LegalRepresentative> people = new ArrayList<>();
        for (JsonNode representative : list(e, "DaiDienPhapLuat", r -> r)) {
            for (JsonNode person : list(representative, "ThongTinCaNhan", p -> p)) {
                people.add(new Enterprise.LegalRepresentative(optional(person, "HoVaTen"), null));
            }
        }
        return people;
    }

    /** {@code LaNganhChinh}: an integer flag, 1 for the main line (a boolean is read too). */
    private static boolean flag(JsonNode value) {
        if (value == null || value.isNull()) {
            return false;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.asInt() == 1;
        }
        String text = value.asText().trim();
        return "1".equals(text) || "true".equalsIgnoreCase(text);
    }

    /** A registry date: ISO date-time (offset optional), ISO date, or dd/MM/yyyy; the date part is kept. */
    static LocalDate date(String value) {
        if (value == null) {
            return null;
        }
        try {
            if (DAY_FIRST.matcher(value).matches()) {
                return LocalDate.parse(value, DAY_MONTH_YEAR);
            }
            if (value.length() == 10) {
                return LocalDate.parse(value, DateTimeFormatter.ISO_LOCAL_DATE);
            }
            return LocalDate.from(DateTimeFormatter.ISO_DATE_TIME.parse(value));
        } catch (DateTimeException e) {
            throw UpstreamResponses.unparseable(SOURCE);
        }
    }
}
