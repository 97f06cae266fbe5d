package vn.lgsp.hub.sources.land;

import static vn.lgsp.hub.sources.UpstreamFormats.date;
import static vn.lgsp.hub.sources.UpstreamFormats.decimal;
import static vn.lgsp.hub.sources.UpstreamFormats.list;
import static vn.lgsp.hub.sources.UpstreamFormats.optional;
import static vn.lgsp.hub.sources.UpstreamFormats.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.UpstreamFormats;

/** Maps the land database's {@code thuadat} JSON to {@link LandParcel}. Referenced from {@code routes/land.yaml}. */
@Component("landParcelMapper")
public class LandParcelMapper {

    private static final String SOURCE = "land";

    private final UpstreamFormats formats;
    private final Clock clock;

    LandParcelMapper(UpstreamFormats formats, Clock clock) {
        this.formats = formats;
        this.clock = clock;
    }

    public LandParcel map(Exchange exchange) {
        JsonNode p = formats.readJson(exchange);
        return new LandParcel(
                required(p, "MaXa", SOURCE),
                integer(required(p, "SoHieuBanDo", SOURCE)),
                integer(required(p, "SoThuTuThua", SOURCE)),
                decimal(optional(p, "DienTich"), SOURCE),
                optional(p, "MucDichSuDung"),
                optional(p, "TenMucDichSuDung"),
                optional(p, "DiaChiChiTiet"),
                optional(p, "SoPhatHanhGCN"),
                list(p, "ChuSuDung", h -> new LandParcel.Holder(optional(h, "HoVaTen"), optional(h, "SoDinhDanh"))),
                list(p, "HanCheQuyen", e -> new LandParcel.Encumbrance(optional(e, "LoaiHanChe"),
                        optional(e, "NoiDung"), date(optional(e, "NgayDangKy"), DateTimeFormatter.ISO_LOCAL_DATE, SOURCE))),
                OffsetDateTime.now(clock));
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
    }
}
