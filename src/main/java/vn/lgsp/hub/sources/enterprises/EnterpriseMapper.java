package vn.lgsp.hub.sources.enterprises;

import static vn.lgsp.hub.sources.UpstreamFormats.address;
import static vn.lgsp.hub.sources.UpstreamFormats.date;
import static vn.lgsp.hub.sources.UpstreamFormats.list;
import static vn.lgsp.hub.sources.UpstreamFormats.optional;
import static vn.lgsp.hub.sources.UpstreamFormats.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.sources.UpstreamFormats;

/**
 * Maps the registry's {@code chiTietDoanhNghiep} JSON to {@link Enterprise}. The last entry of
 * {@code TinhTrangPhapLy} is the current legal status. Referenced from {@code routes/enterprises.yaml}.
 */
@Component("enterpriseMapper")
public class EnterpriseMapper {

    private static final String SOURCE = "enterprises";
    private static final DateTimeFormatter REGISTRY_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");

    private final UpstreamFormats formats;
    private final Clock clock;

    EnterpriseMapper(UpstreamFormats formats, Clock clock) {
        this.formats = formats;
        this.clock = clock;
    }

    public Enterprise map(Exchange exchange) {
        JsonNode e = formats.readJson(exchange);
        List<JsonNode> statuses = list(e, "TinhTrangPhapLy", s -> s);
        JsonNode current = statuses.isEmpty() ? null : statuses.get(statuses.size() - 1);
        return new Enterprise(
                required(e, "MaSoDoanhNghiep", SOURCE),
                optional(e, "MaSoDoanhNghiepChuQuan"),
                required(e, "TenTiengViet", SOURCE),
                optional(e, "TenTiengAnh"),
                optional(e, "TenVietTat"),
                optional(e, "LoaiHinhDN"),
                current == null ? Enterprise.Status.UNKNOWN : status(optional(current, "MaTinhTrang")),
                current == null ? null : date(optional(current, "NgayHieuLuc"), REGISTRY_DATE, SOURCE),
                date(optional(e, "NgayDangKyLanDau"), REGISTRY_DATE, SOURCE),
                address(e.get("DiaChiTruSo")),
                list(e, "DaiDienPhapLuat", r -> new Enterprise.LegalRepresentative(
                        optional(r, "HoVaTen"), optional(r, "ChucDanh"))),
                list(e, "NganhNgheKinhDoanh", l -> new Enterprise.BusinessLine(
                        optional(l, "MaNganh"), optional(l, "TenNganh"), l.path("LaNganhChinh").asBoolean(false))),
                OffsetDateTime.now(clock));
    }

    private static Enterprise.Status status(String code) {
        if (code == null) {
            return Enterprise.Status.UNKNOWN;
        }
        return switch (code) {
            case "DANG_HOAT_DONG" -> Enterprise.Status.ACTIVE;
            case "TAM_NGUNG_KINH_DOANH" -> Enterprise.Status.SUSPENDED;
            case "DANG_LAM_THU_TUC_GIAI_THE" -> Enterprise.Status.DISSOLVING;
            case "DA_GIAI_THE" -> Enterprise.Status.DISSOLVED;
            case "BI_THU_HOI_GCN" -> Enterprise.Status.REVOKED;
            default -> Enterprise.Status.UNKNOWN;
        };
    }
}
