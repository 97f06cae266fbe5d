package vn.lgsp.hub.criminalrecords;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envelope the service takes (docs/national-systems.md §6.2): every value a string, dates dd/MM/yyyy. */
class CriminalRecordEnvelopeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CriminalRecordProperties PROPERTIES = new CriminalRecordProperties(
            URI.create("http://localhost"), "/submit", "/status", "key-1", "74", "Bình Dương", "Trực tuyến",
            "Tại quầy", 5000, "q", "dlq", 1, 1, 0L, 2.0, 0L, 100L, 50L, 1, 10L, 10L, 10L);
    // 23:30 UTC on 19 November is 06:30 on 20 November in Vietnam
    private static final OffsetDateTime RECEIVED = OffsetDateTime.parse("2026-11-19T23:30:00Z");
    private static final OffsetDateTime DEADLINE = OffsetDateTime.parse("2026-12-04T23:30:00Z");

    private static JsonNode envelope(CriminalRecordDocument d) {
        Map<String, Object> envelope = CriminalRecordEnvelope.submission(d, "DOSSIER-1", RECEIVED, DEADLINE, PROPERTIES,
                code -> "01".equals(code) ? "Kinh" : null);
        return JSON.valueToTree(envelope);
    }

    private static void allStrings(String path, JsonNode node) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> allStrings(path + "." + e.getKey(), e.getValue()));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                allStrings(path + "[" + i + "]", node.get(i));
            }
        } else {
            assertThat(node.isTextual()).as(path + " is a string").isTrue();
        }
    }

    @Test
    void theMinimalRequestFillsTheEnvelopeWithDefaultsAndEmptyStrings() {
        JsonNode e = envelope(CriminalRecordDocument.minimal("074085000123", 1, "Xin việc",
                CriminalRecordDocument.Applicant.minimal("Nguyễn Văn An", "1985-03-14")));

        allStrings("$", e);
        assertThat(e.path("authKey").asText()).isEqualTo("key-1");
        assertThat(e.path("maTinh").asText()).isEqualTo("74");
        assertThat(e.path("tenTinh").asText()).isEqualTo("Bình Dương");
        assertThat(e.path("maHoSoMCDT").asText()).isEqualTo("DOSSIER-1");
        assertThat(e.path("nguonDangKy").asText()).isEqualTo("3");
        assertThat(e.path("tenNguonDangKy").asText()).isEqualTo("Tại quầy");
        assertThat(e.path("ngayTiepNhan").asText()).isEqualTo("20/11/2026");
        JsonNode t = e.path("toKhai");
        assertThat(t.path("ngayHenTra").asText()).isEqualTo("05/12/2026");
        assertThat(t.path("loaiPhieu").asText()).isEqualTo("1");
        assertThat(t.path("yeuCauCDNCV").asText()).isEqualTo("0");
        assertThat(t.path("soLuongCap").asText()).isEqualTo("1");
        assertThat(t.path("maMucDich").asText()).isEmpty();
        assertThat(t.path("tenMucDich").asText()).isEqualTo("Xin việc");
        assertThat(t.path("mucDichKhac").asText()).isEqualTo("Xin việc");
        assertThat(t.path("nycHoTen").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(t.path("nycNgaySinh").asText()).isEqualTo("14/03/1985");
        assertThat(t.path("nycSoGiayTo").asText()).isEqualTo("074085000123");
        assertThat(t.path("nycQuocTich").asText()).isEqualTo("VN");
        assertThat(t.path("nycTenQuocTich").asText()).isEqualTo("Việt Nam");
        assertThat(t.path("nycGioiTinh").asText()).isEmpty();
        assertThat(t.path("nycNoiSinhNuocNgoai").asText()).isEmpty();
        assertThat(t.path("nycThuongTru").path("maTinhThanh").asText()).isEmpty();
        assertThat(t.path("uyQuyen").asText()).isEqualTo("0");
        assertThat(t.path("nycCuTru").isArray()).isTrue();
        assertThat(t.path("nycCuTru")).isEmpty();
        assertThat(t.path("fileHoSo").isArray()).isTrue();
        assertThat(t.path("fileHoSo")).isEmpty();
    }

    @Test
    void theOptionalFieldsBecomeTheDeclaration() {
        CriminalRecordDocument.Address home = new CriminalRecordDocument.Address("74", "Bình Dương", "718", "Thủ Dầu Một",
                "25747", "Phú Cường", "Số 12 đường Yersin");
        JsonNode e = envelope(new CriminalRecordDocument("074085000123", 2, "Xin việc",
                new CriminalRecordDocument.Applicant("Nguyễn Văn An", "1985-03-14", "MALE", "An Nguyễn", null, "01",
                        new CriminalRecordDocument.IdDocument("1", "2021-04-10", "Cục Cảnh sát QLHC về TTXH"),
                        "0912345678", " an@example.vn ", home, null,
                        new CriminalRecordDocument.Address(null, null, null, null, null, null, "Paris, Pháp"),
                        List.of(new CriminalRecordDocument.Residence("2003-09", "2007-06-30", "Hà Nội", "Sinh viên", null)),
                        new CriminalRecordDocument.Relative("Nguyễn Văn Bảy", "1955"),
                        new CriminalRecordDocument.Relative("Lê Thị Hoa", "1958-02-01"), null),
                "5", 3, true, "ONLINE"));

        allStrings("$", e);
        assertThat(e.path("nguonDangKy").asText()).isEqualTo("1");
        assertThat(e.path("tenNguonDangKy").asText()).isEqualTo("Trực tuyến");
        JsonNode t = e.path("toKhai");
        assertThat(t.path("loaiPhieu").asText()).isEqualTo("2");
        assertThat(t.path("yeuCauCDNCV").asText()).isEqualTo("1");
        assertThat(t.path("soLuongCap").asText()).isEqualTo("3");
        assertThat(t.path("maMucDich").asText()).isEqualTo("5");
        assertThat(t.path("mucDichKhac").asText()).isEmpty();
        assertThat(t.path("nycGioiTinh").asText()).isEqualTo("1");
        assertThat(t.path("nycTenGioiTinh").asText()).isEqualTo("Nam");
        assertThat(t.path("nycTenGoiKhac").asText()).isEqualTo("An Nguyễn");
        assertThat(t.path("nycDanToc").asText()).isEqualTo("01");
        assertThat(t.path("nycTenDanToc").asText()).isEqualTo("Kinh");
        assertThat(t.path("nycLoaiGiayTo").asText()).isEqualTo("1");
        assertThat(t.path("nycNgayCapGiayTo").asText()).isEqualTo("10/04/2021");
        assertThat(t.path("nycNoiCapGiayTo").asText()).isEqualTo("Cục Cảnh sát QLHC về TTXH");
        assertThat(t.path("nycDienThoai").asText()).isEqualTo("0912345678");
        assertThat(t.path("nycEmail").asText()).isEqualTo("an@example.vn");
        assertThat(t.path("nycThuongTru")).isEqualTo(JSON.valueToTree(Map.of("maTinhThanh", "74",
                "tenTinhThanh", "Bình Dương", "maQuanHuyen", "718", "tenQuanHuyen", "Thủ Dầu Một", "maPhuongXa", "25747",
                "tenPhuongXa", "Phú Cường", "dcChiTiet", "Số 12 đường Yersin")));
        assertThat(t.path("nycTamTru").path("dcChiTiet").asText()).isEmpty();
        assertThat(t.path("nycNoiSinhNuocNgoai").asText()).isEqualTo("2");
        assertThat(t.path("nycNoiSinh").path("dcChiTiet").asText()).isEqualTo("Paris, Pháp");
        assertThat(t.path("nycHoTenCha").asText()).isEqualTo("Nguyễn Văn Bảy");
        assertThat(t.path("chaNgaySinh").asText()).isEqualTo("1955");
        assertThat(t.path("meNgaySinh").asText()).isEqualTo("01/02/1958");
        assertThat(t.path("nycHoTenVoChong").asText()).isEmpty();
        JsonNode period = t.path("nycCuTru").get(0);
        assertThat(period.path("tuNgay").asText()).isEqualTo("09/2003");
        assertThat(period.path("denNgay").asText()).isEqualTo("30/06/2007");
        assertThat(period.path("noiCuTru").asText()).isEqualTo("Hà Nội");
        assertThat(period.path("noiLamViec").asText()).isEmpty();
    }

    @Test
    void theStatusQuestionNamesTheDossier() {
        assertThat(JSON.valueToTree(CriminalRecordEnvelope.status("DOSSIER-1", PROPERTIES)).toString())
                .isEqualTo("{\"authKey\":\"key-1\",\"maTinh\":\"74\",\"maHoSoMCDT\":\"DOSSIER-1\"}");
    }
}
