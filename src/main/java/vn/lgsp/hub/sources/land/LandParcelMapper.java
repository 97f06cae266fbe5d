package vn.lgsp.hub.sources.land;

import static vn.lgsp.hub.sources.lookup.UpstreamFormats.date;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.decimal;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.list;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.optional;
import static vn.lgsp.hub.sources.lookup.UpstreamFormats.required;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.SubjectNotFoundException;
import vn.lgsp.hub.sources.lookup.UpstreamFormats;

/**
 * Maps the land database's parcel lookup to {@link LandParcel}. Referenced from {@code routes/land.yaml}.
 *
 * <p>The answer is the VBDLIS envelope {@code {data, status{success, code, type, time, message}}}
 * with the parcel's cadastral record in {@code data} (docs/national-systems.md §3.6):
 * {@code success: false} is an error of the database (502, whatever its code), {@code data: null}
 * with {@code success: true} is "no such parcel" (404). Neither the status message nor anything
 * else of the body is quoted in what the hub answers or logs.
 */
@Component("landParcelMapper")
public class LandParcelMapper {

    static final String SOURCE = "land";
    static final String LAND_USE = "land-use";
    static final String SECURED_TRANSACTION_TYPE = "secured-transaction-type";

    /** {@code loaiGiaoDichBaoDam} 2, Xóa thế chấp: the end of a mortgage, never a burden itself. */
    private static final String DISCHARGE = "2";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm:ss");

    private final UpstreamFormats formats;
    private final Catalogues catalogues;
    private final Clock clock;

    LandParcelMapper(UpstreamFormats formats, Catalogues catalogues, Clock clock) {
        this.formats = formats;
        this.catalogues = catalogues;
        this.clock = clock;
    }

    public LandParcel map(Exchange exchange) {
        JsonNode record = data(formats.readJson(exchange));
        JsonNode parcel = record.get("DC_ThuaDat");
        if (parcel == null || !parcel.isObject()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        List<String> landUses = landUses(parcel);
        String landUse = landUses.isEmpty() ? null : landUses.get(0);
        return new LandParcel(
                required(parcel, "maXa", SOURCE),
                integer(required(parcel, "soHieuToBanDo", SOURCE)),
                integer(required(parcel, "soThuTuThua", SOURCE)),
                decimal(optional(parcel, "dienTich"), SOURCE),
                landUse,
                catalogues.name(LAND_USE, landUse),
                landUses,
                optional(parcel, "diaChi"),
                certificateNumber(record),
                holders(record),
                encumbrances(record),
                OffsetDateTime.now(clock));
    }

    /** The envelope's {@code data}, once {@code status} says the lookup succeeded and found a parcel. */
    private static JsonNode data(JsonNode answer) {
        JsonNode status = answer.get("status");
        JsonNode success = status == null ? null : status.get("success");
        if (success == null || !success.isBoolean()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        if (!success.booleanValue()) {
            throw new HubException(ErrorCode.SOURCE_BAD_RESPONSE, "The " + SOURCE + " database answered with an error");
        }
        JsonNode data = answer.get("data");
        if (data == null || data.isNull()) {
            throw new SubjectNotFoundException(SOURCE);
        }
        if (!data.isObject()) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
        return data;
    }

    /** The purposes' codes, the main one (lowest {@code soThuTuMucDichSuDung}, else the first listed) first. */
    private static List<String> landUses(JsonNode parcel) {
        record Purpose(int order, int position, String code) {
        }
        List<Purpose> purposes = new ArrayList<>();
        list(parcel, "DC_MucDichSuDung", p -> p).forEach(p -> {
            String code = optional(p, "maMucDichSuDung");
            String order = optional(p, "soThuTuMucDichSuDung");
            if (code != null) {
                purposes.add(new Purpose(order == null ? Integer.MAX_VALUE : integer(order), purposes.size(), code));
            }
        });
        return purposes.stream()
                .sorted(Comparator.comparingInt(Purpose::order).thenComparingInt(Purpose::position))
                .map(Purpose::code)
                .distinct()
                .toList();
    }

    /** The issue (serial) number of the parcel's certificate; with several, the one issued last. */
    private static String certificateNumber(JsonNode record) {
        String number = null;
        LocalDate latest = null;
        for (JsonNode certificate : list(record, "DC_GiayChungNhan", c -> c)) {
            String serial = optional(certificate, "soPhatHanh");
            LocalDate issued = date(optional(certificate, "ngayCap"), DATE, SOURCE);
            if (serial != null && (number == null || (issued != null && (latest == null || issued.isAfter(latest))))) {
                number = serial;
                latest = issued;
            }
        }
        return number;
    }

    private static List<LandParcel.Holder> holders(JsonNode record) {
        List<LandParcel.Holder> holders = new ArrayList<>(
                list(record, "DC_CaNhan", p -> new LandParcel.Holder(optional(p, "hoTen"), optional(p, "maSoDinhDanh"))));
        holders.addAll(list(record, "DC_ToChuc", o -> new LandParcel.Holder(optional(o, "tenToChuc"), null)));
        holders.addAll(list(record, "DC_CongDong", c -> new LandParcel.Holder(optional(c, "tenCongDong"), null)));
        return holders;
    }

    /** The secured transactions in force ({@code hieuLuc} 1) but discharges, then the restrictions of rights. */
    private List<LandParcel.Encumbrance> encumbrances(JsonNode record) {
        Map<String, String> changes = new HashMap<>();
        list(record, "DC_GiaoDich", c -> c).forEach(c -> {
            String id = optional(c, "giaoDichId");
            String content = optional(c, "noiDungBienDong");
            if (id != null && content != null) {
                changes.put(id, content);
            }
        });
        List<LandParcel.Encumbrance> encumbrances = new ArrayList<>();
        for (JsonNode t : list(record, "DC_GiaoDichBaoDam", t -> t)) {
            if (!"1".equals(optional(t, "hieuLuc")) || DISCHARGE.equals(optional(t, "loaiGiaoDichBaoDam"))) {
                continue;
            }
            String change = optional(t, "giaoDichId");
            String description = change == null ? null : changes.get(change);
            if (description == null) {
                description = catalogues.name(SECURED_TRANSACTION_TYPE, optional(t, "loaiGiaoDichBaoDam"));
            }
            encumbrances.add(new LandParcel.Encumbrance(LandParcel.Encumbrance.MORTGAGE, description,
                    dateOrDateTime(optional(t, "thoiDiemDangKy"))));
        }
        list(record, "DC_HanCheQuyen", r -> new LandParcel.Encumbrance(LandParcel.Encumbrance.RESTRICTION,
                optional(r, "noiDungHanChe"), date(optional(r, "ngayBanHanh"), DATE, SOURCE)))
                .forEach(encumbrances::add);
        return encumbrances;
    }

    /** A layout date-time ({@code dd/MM/yyyy HH:mm:ss}) as its date; a bare date is taken as it is. */
    private static LocalDate dateOrDateTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return value.length() > 10 ? LocalDateTime.parse(value, DATE_TIME).toLocalDate() : LocalDate.parse(value, DATE);
        } catch (DateTimeParseException e) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
    }

    private static int integer(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw UpstreamFormats.unparseable(SOURCE);
        }
    }
}
