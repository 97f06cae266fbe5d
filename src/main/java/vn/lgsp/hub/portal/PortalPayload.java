package vn.lgsp.hub.portal;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.dossiers.DossierDocument;
import vn.lgsp.hub.dossiers.DossierSnapshot;

/**
 * A dossier version in the portal's format (docs/domain.md): MaHoSo, MaTTHC, KenhThucHien (1 in person,
 * 2 online, 3 post), dates as yyyyMMddHHmmss in Vietnam time, the applicant's identification, the
 * databases consulted (DSKetNoiCSDL) and each component's digitisation and reuse.
 */
final class PortalPayload {

    private static final DateTimeFormatter PORTAL_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private PortalPayload() {
    }

    static Map<String, Object> of(DossierSnapshot snapshot, List<String> databaseCodes) {
        DossierDocument d = snapshot.document();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("MaHoSo", snapshot.dossierId());
        p.put("MaTTHC", d.procedureCode());
        p.put("MaCoQuan", d.agencyCode());
        p.put("KenhThucHien", switch (d.channel()) {
            case IN_PERSON -> 1;
            case ONLINE -> 2;
            case POST -> 3;
        });
        p.put("TrangThaiHoSo", snapshot.status().name());
        p.put("PhienBan", snapshot.version());
        p.put("NgayTiepNhan", d.receivedAt().atZoneSameInstant(BusinessTime.ZONE).format(PORTAL_TIME));
        p.put("NgayCapNhatTrangThai", snapshot.statusAt().atZoneSameInstant(BusinessTime.ZONE).format(PORTAL_TIME));
        List<DossierDocument.Component> components = d.components() == null ? List.of() : d.components();
        p.put("HoSoCoThanhPhanSoHoa", components.stream().anyMatch(c -> Boolean.TRUE.equals(c.digitized())) ? 1 : 0);
        p.put("DinhDanhCHS", List.of(Map.of(
                "LoaiDinhDanh", d.applicant().idType() == DossierDocument.IdType.PERSONAL_ID ? 1 : 2,
                "SoDinhDanh", d.applicant().idNumber())));
        p.put("DSKetNoiCSDL", databaseCodes.stream().map(code -> Map.of("MaCSDL", code)).toList());
        List<Map<String, Object>> documents = new ArrayList<>();
        for (DossierDocument.Component c : components) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("MaThanhPhan", c.code());
            doc.put("TenTaiLieu", c.name());
            doc.put("DuocSoHoa", Boolean.TRUE.equals(c.digitized()) ? 1 : 0);
            doc.put("DuocTaiSuDung", Boolean.TRUE.equals(c.reused()) ? 1 : 0);
            doc.put("DuocLayTuKhoDMQG", Boolean.TRUE.equals(c.reused()) && !databaseCodes.isEmpty() ? 1 : 0);
            documents.add(doc);
        }
        p.put("TaiLieuNop", documents);
        return p;
    }
}
