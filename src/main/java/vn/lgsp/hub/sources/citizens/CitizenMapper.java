package vn.lgsp.hub.sources.citizens;

import static vn.lgsp.hub.sources.UpstreamFormats.address;
import static vn.lgsp.hub.sources.UpstreamFormats.optional;
import static vn.lgsp.hub.sources.UpstreamFormats.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.UpstreamFormats;

/**
 * Maps the National Population Database's XML answer ({@code KetQuaTraCuu/CongDan}) to
 * {@link Citizen}. Referenced from {@code routes/citizens.yaml} as {@code citizenMapper}.
 */
@Component("citizenMapper")
public class CitizenMapper {

    private static final String SOURCE = "citizens";
    private static final DateTimeFormatter BIRTH_DATE = DateTimeFormatter.ofPattern("uuuuMMdd");

    private final UpstreamFormats formats;
    private final Clock clock;

    CitizenMapper(UpstreamFormats formats, Clock clock) {
        this.formats = formats;
        this.clock = clock;
    }

    public Citizen map(Exchange exchange) {
        JsonNode result = formats.readXml(exchange);
        if (!"0".equals(optional(result, "MaKetQua"))) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        JsonNode c = result.get("CongDan");
        if (c == null || !c.isObject()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        JsonNode head = c.get("ChuHo");
        return new Citizen(
                required(c, "SoDinhDanh", SOURCE),
                fullName(c.get("HoVaTen")),
                UpstreamFormats.date(required(c, "NgayThangNamSinh", SOURCE), BIRTH_DATE, SOURCE),
                gender(optional(c, "GioiTinh")),
                optional(c, "QuocTich"),
                optional(c, "DanToc"),
                optional(c, "TonGiao"),
                optional(c, "TinhTrangHonNhan"),
                address(c.get("QueQuan")),
                address(c.get("ThuongTru")),
                address(c.get("NoiOHienTai")),
                head == null ? null : new Citizen.HouseholdHead(optional(head, "SoDinhDanh"),
                        optional(head, "HoVaTen"), optional(head, "QuanHe")),
                relative(c.get("Cha")),
                relative(c.get("Me")),
                relative(c.get("VoChong")),
                OffsetDateTime.now(clock));
    }

    /** {@code HoVaTen} is structured ({@code Ho, ChuDem, Ten}) for the citizen, plain text in older answers. */
    private static String fullName(JsonNode name) {
        if (name == null) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        String full = name.isObject()
                ? Stream.of(optional(name, "Ho"), optional(name, "ChuDem"), optional(name, "Ten"))
                        .filter(p -> p != null).collect(Collectors.joining(" "))
                : name.asText().trim();
        if (full.isEmpty()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        return full;
    }

    private static Citizen.Gender gender(String code) {
        if (code == null) {
            return null;
        }
        return switch (code) {
            case "1", "Nam" -> Citizen.Gender.MALE;
            case "2", "Nữ" -> Citizen.Gender.FEMALE;
            default -> throw UpstreamFormats.unparseable(SOURCE);
        };
    }

    private static Citizen.Relative relative(JsonNode node) {
        if (node == null || !node.isObject()) {
            return null;
        }
        return new Citizen.Relative(optional(node, "SoDinhDanh"), optional(node, "HoVaTen"));
    }
}
