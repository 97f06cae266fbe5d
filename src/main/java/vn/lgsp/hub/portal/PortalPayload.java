package vn.lgsp.hub.portal;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.dossiers.DossierDocument;
import vn.lgsp.hub.dossiers.DossierSnapshot;
import vn.lgsp.hub.dossiers.DossierStatus;

/**
 * A dossier version as the portal's {@code DongBoHoSoMC} service takes it (docs/national-systems.md §5.3):
 * the envelope {@code {session, madonvi, service, isUpdating, data: [dossier]}}, every value a string, dates
 * as {@code yyyyMMddHHmmss} in Vietnam time. The dossier carries MaHoSo, MaTTHC, KenhThucHien (1 in person,
 * 2 online, 3 post), TrangThaiHoSo (the configured code of its status), NgayTiepNhan, the end of processing
 * (NgayKetThucXuLy) or the return (NgayTra) when its status is one, the applicant's identification, the
 * databases consulted (DSKetNoiCSDL) and each component's digitisation, reuse and file (TaiLieuNop); and
 * what the dossier gives of the procedure's name and field, the applicant's name, type and contact, the
 * summary, the due date, the handling unit and how the result is delivered.
 */
final class PortalPayload {

    static final String SYNC_SERVICE = "DongBoHoSoMC";
    static final String PROGRESS_SERVICE = "CapNhatTienDoHoSoMC";
    private static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private PortalPayload() {
    }

    /** The envelope of one dossier: a create ({@code isUpdating} "False") or an update ("True"). */
    static Map<String, Object> envelope(String session, String unitCode, boolean updating, Map<String, Object> dossier) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("session", session);
        e.put("madonvi", unitCode);
        e.put("service", SYNC_SERVICE);
        e.put("isUpdating", updating ? "True" : "False");
        e.put("data", List.of(dossier));
        return e;
    }

    /** The envelope of the dossier's progress at one status event ({@code CapNhatTienDoHoSoMC}: no isUpdating). */
    static Map<String, Object> progressEnvelope(String session, String unitCode, Map<String, Object> progress) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("session", session);
        e.put("madonvi", unitCode);
        e.put("service", PROGRESS_SERVICE);
        e.put("data", List.of(progress));
        return e;
    }

    /**
     * The progress of a version a status event made: who handled the dossier (NguoiXuLy), when
     * (ThoiDiemXuLy), what they did (NoiDungXuLy), its status (TrangThai) and the due date
     * (NgayKetThucTheoQuyDinh); what the hub does not know is sent empty, as the public integrations do.
     */
    static Map<String, Object> progress(DossierSnapshot snapshot, String statusCode) {
        DossierSnapshot.Handling handling = snapshot.handling();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("MaHoSo", snapshot.dossierId());
        p.put("NguoiXuLy", handling.officer() == null ? "" : handling.officer());
        p.put("ChucDanh", "");
        p.put("ThoiDiemXuLy", time(snapshot.statusAt()));
        p.put("PhongBanXuLy", "");
        p.put("NoiDungXuLy", handling.note() == null ? "" : handling.note());
        p.put("TrangThai", statusCode);
        p.put("NgayBatDau", "");
        p.put("NgayKetThucTheoQuyDinh", snapshot.document().dueAt() == null ? "" : time(snapshot.document().dueAt()));
        return p;
    }

    /** The dossier of one version, with the portal's code of its status and of each database consulted. */
    static Map<String, Object> dossier(DossierSnapshot snapshot, String statusCode, List<String> databaseCodes) {
        DossierDocument d = snapshot.document();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("MaHoSo", snapshot.dossierId());
        p.put("MaTTHC", d.procedureCode());
        putIfGiven(p, "TenTTHC", d.procedureName());
        putIfGiven(p, "MaLinhVuc", d.fieldCode());
        putIfGiven(p, "TenLinhVuc", d.fieldName());
        putIfGiven(p, "ChuHoSo", d.applicant().name());
        if (d.applicant().type() != null) {
            p.put("LoaiDoiTuong", switch (d.applicant().type()) {
                case CITIZEN -> "1";
                case BUSINESS -> "2";
                case STATE_BODY -> "3";
                case OTHER -> "4";
            });
        }
        putIfGiven(p, "Email", d.applicant().email());
        putIfGiven(p, "SoDienThoai", d.applicant().phone());
        putIfGiven(p, "TrichYeuHoSo", d.summary());
        p.put("KenhThucHien", switch (d.channel()) {
            case IN_PERSON -> "1";
            case ONLINE -> "2";
            case POST -> "3";
        });
        p.put("TrangThaiHoSo", statusCode);
        p.put("NgayTiepNhan", time(d.receivedAt()));
        if (d.dueAt() != null) {
            p.put("NgayHenTra", time(d.dueAt()));
        }
        if (d.resultDelivery() != null) {
            p.put("HinhThuc", d.resultDelivery() == DossierDocument.ResultDelivery.BY_POST ? "1" : "0");
        }
        putIfGiven(p, "DonViXuLy", d.handlingUnit());
        if (snapshot.status() == DossierStatus.RESOLVED) {
            p.put("NgayKetThucXuLy", time(snapshot.statusAt()));
        } else if (snapshot.status() == DossierStatus.RETURNED) {
            p.put("NgayTra", time(snapshot.statusAt()));
        }
        List<DossierDocument.Component> components = d.components() == null ? List.of() : d.components();
        p.put("HoSoCoThanhPhanSoHoa", flag(components.stream().anyMatch(c -> Boolean.TRUE.equals(c.digitized()))));
        String idType = d.applicant().idType() == DossierDocument.IdType.PERSONAL_ID ? "1" : "2";
        p.put("SoGiayToChuHoSo", d.applicant().idNumber());
        p.put("DinhDanhCHS", List.of(Map.of("LoaiDinhDanh", idType, "SoDinhDanh", d.applicant().idNumber())));
        p.put("DSKetNoiCSDL", databaseCodes.stream().map(code -> Map.of("MaCSDL", code)).toList());
        List<Map<String, Object>> documents = new ArrayList<>();
        for (DossierDocument.Component c : components) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("TepDinhKemId", "");
            doc.put("TenTepDinhKem", c.name());
            doc.put("IsDeleted", "False");
            doc.put("MaThanhPhanHoSo", c.code());
            doc.put("DuongDanTaiTepTin", c.fileUrl() == null ? "" : c.fileUrl());
            doc.put("DuocSoHoa", flag(Boolean.TRUE.equals(c.digitized())));
            doc.put("DuocTaiSuDung", flag(Boolean.TRUE.equals(c.reused())));
            // "taken from the citizen's store on the portal": the hub reuses national databases, not that store
            doc.put("DuocLayTuKhoDMQG", "0");
            documents.add(doc);
        }
        p.put("TaiLieuNop", documents);
        return p;
    }

    /** A field the dossier may leave out: sent only when given. */
    private static void putIfGiven(Map<String, Object> p, String name, String value) {
        if (value != null) {
            p.put(name, value);
        }
    }

    private static String time(OffsetDateTime at) {
        return at.atZoneSameInstant(BusinessTime.ZONE).format(PORTAL_TIME);
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
