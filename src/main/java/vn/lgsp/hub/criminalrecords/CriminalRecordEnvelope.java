package vn.lgsp.hub.criminalrecords;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import vn.lgsp.hub.common.BusinessTime;

/**
 * The criminal-records service's messages (docs/national-systems.md §6.2): the submission envelope
 * {@code {authKey, maTinh, tenTinh, maHoSoMCDT, nguonDangKy, tenNguonDangKy, ngayTiepNhan, toKhai}}
 * and the status question {@code {authKey, maTinh, maHoSoMCDT}}. Every value is a string (an absent
 * optional value is {@code ""}), every date {@code dd/MM/yyyy} in Vietnam time.
 */
final class CriminalRecordEnvelope {

    static final String ONLINE = "ONLINE";
    static final String AT_COUNTER = "AT_COUNTER";
    static final String VIETNAM = "VN";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy");

    private CriminalRecordEnvelope() {
    }

    /**
     * The submission of a request, valid by {@link CriminalRecordValidation}.
     *
     * @param dossierId     the request's dossier: {@code maHoSoMCDT}
     * @param receivedAt    when the hub accepted the request: {@code ngayTiepNhan}
     * @param deadlineAt    the request's deadline: {@code ngayHenTra}
     * @param ethnicityName the name of an ethnicity code, or null when unknown
     */
    static Map<String, Object> submission(CriminalRecordDocument d, String dossierId, OffsetDateTime receivedAt,
                                          OffsetDateTime deadlineAt, CriminalRecordProperties properties,
                                          UnaryOperator<String> ethnicityName) {
        boolean online = ONLINE.equals(d.channel());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("authKey", properties.authKey());
        envelope.put("maTinh", properties.provinceCode());
        envelope.put("tenTinh", properties.provinceName());
        envelope.put("maHoSoMCDT", dossierId);
        envelope.put("nguonDangKy", online ? "1" : "3");
        envelope.put("tenNguonDangKy", online ? properties.onlineChannelName() : properties.counterChannelName());
        envelope.put("ngayTiepNhan", vietnamDate(receivedAt));
        envelope.put("toKhai", declaration(d, deadlineAt, ethnicityName));
        return envelope;
    }

    /** The status question for one dossier. */
    static Map<String, Object> status(String dossierId, CriminalRecordProperties properties) {
        Map<String, Object> question = new LinkedHashMap<>();
        question.put("authKey", properties.authKey());
        question.put("maTinh", properties.provinceCode());
        question.put("maHoSoMCDT", dossierId);
        return question;
    }

    private static Map<String, Object> declaration(CriminalRecordDocument d, OffsetDateTime deadlineAt,
                                                   UnaryOperator<String> ethnicityName) {
        CriminalRecordDocument.Applicant a = d.applicant();
        CriminalRecordDocument.IdDocument id = a.idDocument();
        String nationality = a.nationality() == null ? VIETNAM : a.nationality();
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("ngayHenTra", vietnamDate(deadlineAt));
        t.put("nycNoiSinhNuocNgoai", bornIn(a.placeOfBirth()));
        t.put("loaiPhieu", String.valueOf(d.certificateType()));
        t.put("yeuCauCDNCV", Boolean.TRUE.equals(d.includeCivilJudgments()) ? "1" : "0");
        t.put("maMucDich", text(d.purposeCode()));
        t.put("mucDich", "");
        t.put("tenMucDich", d.purpose());
        // without the service's code, the purpose is one of its own words: "another purpose"
        t.put("mucDichKhac", d.purposeCode() == null ? d.purpose() : "");
        t.put("soLuongCap", String.valueOf(d.copies() == null ? 1 : d.copies()));
        t.put("nycHoTen", a.fullName());
        t.put("nycTenGoiKhac", text(a.otherName()));
        t.put("nycGioiTinh", "MALE".equals(a.gender()) ? "1" : "FEMALE".equals(a.gender()) ? "2" : "");
        t.put("nycTenGioiTinh", "MALE".equals(a.gender()) ? "Nam" : "FEMALE".equals(a.gender()) ? "Nữ" : "");
        t.put("nycNgaySinh", date(a.dateOfBirth()));
        t.put("nycThuongTru", address(a.permanentAddress()));
        t.put("nycTamTru", address(a.temporaryAddress()));
        t.put("nycDienThoai", text(a.phone()));
        t.put("nycEmail", a.email() == null ? "" : a.email().trim());
        t.put("nycSoGiayTo", d.personalId());
        t.put("nycLoaiGiayTo", id == null ? "" : text(id.type()));
        // the service's list of document types is not public: the name is left empty
        t.put("nycTenLoaiGiayTo", "");
        t.put("nycNgayCapGiayTo", id == null ? "" : date(id.issuedOn()));
        t.put("nycNoiCapGiayTo", id == null ? "" : text(id.issuedBy()));
        t.put("nycQuocTich", nationality);
        t.put("nycTenQuocTich", VIETNAM.equals(nationality) ? "Việt Nam" : "");
        t.put("nycDanToc", text(a.ethnicity()));
        t.put("nycTenDanToc", a.ethnicity() == null ? "" : text(ethnicityName.apply(a.ethnicity())));
        relative(t, "nycHoTenCha", "cha", a.father());
        relative(t, "nycHoTenMe", "me", a.mother());
        relative(t, "nycHoTenVoChong", "voChong", a.spouse());
        t.put("nycNoiSinh", address(a.placeOfBirth()));
        t.put("uyQuyen", "0");
        List<Map<String, Object>> residences = new ArrayList<>();
        if (a.residences() != null) {
            for (CriminalRecordDocument.Residence r : a.residences()) {
                Map<String, Object> period = new LinkedHashMap<>();
                period.put("tuNgay", period(r.from()));
                period.put("denNgay", period(r.to()));
                period.put("noiCuTru", r.place());
                period.put("ngheNghiep", text(r.occupation()));
                period.put("noiLamViec", text(r.workplace()));
                residences.add(period);
            }
        }
        t.put("nycCuTru", residences);
        // attachments are not carried yet (docs/national-systems.md §6.2)
        t.put("fileHoSo", List.of());
        return t;
    }

    /** "1" born in Vietnam (a province is named), "2" abroad (only a place is), "" not declared. */
    private static String bornIn(CriminalRecordDocument.Address place) {
        if (place == null) {
            return "";
        }
        return place.provinceCode() != null ? "1" : place.detail() != null ? "2" : "";
    }

    private static void relative(Map<String, Object> t, String nameKey, String prefix,
                                 CriminalRecordDocument.Relative relative) {
        t.put(nameKey, relative == null ? "" : relative.fullName());
        t.put(prefix + "NgaySinh", relative == null ? "" : date(relative.dateOfBirth()));
        t.put(prefix + "LoaiGiayTo", "");
        t.put(prefix + "SoGiayTo", "");
    }

    private static Map<String, Object> address(CriminalRecordDocument.Address a) {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("maTinhThanh", a == null ? "" : text(a.provinceCode()));
        address.put("tenTinhThanh", a == null ? "" : text(a.provinceName()));
        address.put("maQuanHuyen", a == null ? "" : text(a.districtCode()));
        address.put("tenQuanHuyen", a == null ? "" : text(a.districtName()));
        address.put("maPhuongXa", a == null ? "" : text(a.wardCode()));
        address.put("tenPhuongXa", a == null ? "" : text(a.wardName()));
        address.put("dcChiTiet", a == null ? "" : text(a.detail()));
        return address;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    /** {@code YYYY-MM-DD} as {@code dd/MM/yyyy}; a bare year {@code YYYY} as it is; absent as "". */
    static String date(String iso) {
        if (iso == null) {
            return "";
        }
        return iso.length() == 4 ? iso : LocalDate.parse(iso).format(DATE);
    }

    /** {@code YYYY-MM-DD} as {@code dd/MM/yyyy}, {@code YYYY-MM} as {@code MM/yyyy}; absent as "". */
    static String period(String iso) {
        if (iso == null) {
            return "";
        }
        return iso.length() == 7 ? LocalDate.parse(iso + "-01").format(MONTH) : LocalDate.parse(iso).format(DATE);
    }

    private static String vietnamDate(OffsetDateTime time) {
        return time.atZoneSameInstant(BusinessTime.ZONE).format(DATE);
    }
}
