package vn.lgsp.hub.criminalrecords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.DeliveryFailures;
import vn.lgsp.hub.common.HubException;

/** How the service's answers are read (docs/national-systems.md §6.2). */
class CriminalRecordAnswersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PDF = Base64.getEncoder().encodeToString(
            "%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    // --- submission ------------------------------------------------------------------------------

    @Test
    void theSuccessTextAndTheResendTextSubmitWhateverTheirCaseOrNormalisation() {
        assertThatNoException().isThrownBy(() -> CriminalRecordAnswers.submitted(utf8("Gửi thông tin thành công"), JSON));
        assertThatNoException().isThrownBy(() -> CriminalRecordAnswers.submitted(utf8("\"GỬI THÔNG TIN THÀNH CÔNG\""), JSON));
        assertThatNoException().isThrownBy(() -> CriminalRecordAnswers.submitted(
                utf8("Hồ sơ LLTP-1 đã được tiếp nhận, không thể cập nhật thông tin"), JSON));
        // decomposed diacritics (NFD), as some gateways send them
        assertThatNoException().isThrownBy(() -> CriminalRecordAnswers.submitted(
                utf8(Normalizer.normalize("Gửi thông tin thành công", Normalizer.Form.NFD)), JSON));
    }

    @Test
    void anErrorJsonIsARefusalWhoseMessageCarriesTheCodeOnly() {
        byte[] answer = utf8("{\"status\":\"0\",\"statusDescription\":\"Thất bại\",\"errorCode\":\"ERR_TOKHAI\","
                + "\"errorDescription\":\"Thiếu nơi thường trú của Nguyễn Văn An\"}");

        assertThatThrownBy(() -> CriminalRecordAnswers.submitted(answer, JSON))
                .isInstanceOfSatisfying(CriminalRecordRefusedException.class, refused -> {
                    assertThat(refused).isInstanceOf(DeliveryFailures.Described.class);
                    assertThat(refused.getMessage())
                            .isEqualTo("The criminal-records service refused the request (errorCode ERR_TOKHAI)");
                    assertThat(refused.forClient()).endsWith(": Thiếu nơi thường trú của Nguyễn Văn An");
                    assertThat(DeliveryFailures.reason(refused, "The criminal-records service"))
                            .doesNotContain("Nguyễn");
                });
        // no errorDescription: the statusDescription; no errorCode: the status
        assertThatThrownBy(() -> CriminalRecordAnswers.submitted(utf8("{\"status\":0,\"statusDescription\":\"Sai khóa\"}"), JSON))
                .isInstanceOfSatisfying(CriminalRecordRefusedException.class, refused -> assertThat(refused.forClient())
                        .isEqualTo("The criminal-records service refused the request (errorCode 0): Sai khóa"));
    }

    @Test
    void anythingElseIsUnreadableAndRetried() {
        for (String answer : new String[] {"", "<html>502 Bad Gateway</html>", "{\"message\":\"ok\"}", "[]", "null"}) {
            assertThatThrownBy(() -> CriminalRecordAnswers.submitted(utf8(answer), JSON)).as(answer)
                    .isInstanceOfSatisfying(HubException.class,
                            e -> assertThat(e.code().code()).isEqualTo("source.bad_response"));
        }
        assertThatThrownBy(() -> CriminalRecordAnswers.submitted(null, JSON)).isInstanceOf(HubException.class);
    }

    // --- status ----------------------------------------------------------------------------------

    private static String status(String entry) {
        return "{\"status\":1,\"statusDescription\":\"Thành công\",\"value\":[" + entry + "]}";
    }

    @Test
    void nineOrTenWithACertificateNumberIsIssuedWithTheCertificateAndItsPdf() {
        String entry = """
                {"maHoSoMCDT":"D-1","trangThaiXuLy":"9","ketQuaXuLy":{"soPhieuLLTP":"12/2026/LLTP2",
                 "ngayCapPhieu":"21/11/2026","loaiPhieu":"2","nguoiLapPhieu":"A","nguoiKy":"B","chucVu":"C",
                 "tinhTrangAnTich":"2","tenTinhTrangAnTich":"Có án tích",
                 "thongTinAn":[{"soBanAn":"125/2012/HSST","ngayBanAn":"15/06/2012","toaDaTuyen":"T1",
                   "tenToaDaTuyen":"TAND Quận 1","dsToiDanh":[{"toiDanh":"138","tenToiDanh":"Trộm cắp tài sản"},
                   {"toiDanh":"139","tenToiDanh":""}],"dsHinhPhatChinh":[{"maHinhPhat":"T","tenHinhPhat":"09 tháng tù"}],
                   "dsHinhPhatBoSung":[{"maHinhPhat":"P","tenHinhPhat":"Phạt tiền"}],"ngayChapHanh":"",
                   "ngayXoaAn":"15/12/2014","dieuKhoan":"khoản 1 Điều 138","tinhTrangThiHanh":"Đã chấp hành xong"}],
                 "dsCDNCV":[{"soQuyetDinh":"7/QĐ","ngayQuyetDinh":"01/02/2020","toaAnQD":"TAND","chucVuCam":"Giám đốc",
                   "thoiHanCam":"3 năm","camTuNgay":"01/03/2020"}],
                 "phieuLLTP":"%s"}}
                """.formatted(PDF);

        CriminalRecordAnswers.Status read = CriminalRecordAnswers.status(utf8(status(
                "{\"maHoSoMCDT\":\"OTHER\",\"trangThaiXuLy\":\"3\"}," + entry)), "D-1", JSON);

        assertThat(read).isInstanceOf(CriminalRecordAnswers.Issued.class);
        CriminalRecordAnswers.Issued issued = (CriminalRecordAnswers.Issued) read;
        assertThat(new String(issued.pdf(), StandardCharsets.US_ASCII)).startsWith("%PDF-");
        Certificate c = issued.certificate();
        assertThat(c.number()).isEqualTo("12/2026/LLTP2");
        assertThat(c.issuedAt()).isEqualTo(LocalDate.of(2026, 11, 21));
        assertThat(c.hasCriminalRecord()).isTrue();
        assertThat(c.certificateType()).isEqualTo("2");
        assertThat(c.preparedBy()).isEqualTo("A");
        assertThat(c.signedBy()).isEqualTo("B");
        assertThat(c.signerTitle()).isEqualTo("C");
        assertThat(c.recordStatus()).isEqualTo("Có án tích");
        Certificate.Conviction conviction = c.convictions().get(0);
        assertThat(conviction.offence()).isEqualTo("Trộm cắp tài sản; 139");
        assertThat(conviction.offences()).containsExactly("Trộm cắp tài sản", "139");
        assertThat(conviction.sentence()).isEqualTo("09 tháng tù");
        assertThat(conviction.additionalPenalties()).containsExactly("Phạt tiền");
        assertThat(conviction.date()).isEqualTo(LocalDate.of(2012, 6, 15));
        assertThat(conviction.court()).isEqualTo("TAND Quận 1");
        assertThat(conviction.judgmentNumber()).isEqualTo("125/2012/HSST");
        assertThat(conviction.servedOn()).isNull();
        assertThat(conviction.expungedOn()).isEqualTo(LocalDate.of(2014, 12, 15));
        assertThat(conviction.expunged()).isTrue();
        assertThat(conviction.provisions()).isEqualTo("khoản 1 Điều 138");
        assertThat(conviction.enforcementStatus()).isEqualTo("Đã chấp hành xong");
        assertThat(c.positionBans()).singleElement().satisfies(ban -> {
            assertThat(ban.decisionNumber()).isEqualTo("7/QĐ");
            assertThat(ban.from()).isEqualTo(LocalDate.of(2020, 3, 1));
        });
    }

    @Test
    void tenWithoutAPdfIsIssuedWithoutOneAndAnEmptyRecordHasNoConviction() {
        CriminalRecordAnswers.Status read = CriminalRecordAnswers.status(utf8(status("""
                {"maHoSoMCDT":"D-1","trangThaiXuLy":10,"ketQuaXuLy":{"soPhieuLLTP":"1/2026","ngayCapPhieu":"20/11/2026",
                 "tinhTrangAnTich":"1","thongTinAn":[],"phieuLLTP":""}}""")), "D-1", JSON);

        CriminalRecordAnswers.Issued issued = (CriminalRecordAnswers.Issued) read;
        assertThat(issued.pdf()).isNull();
        assertThat(issued.certificate().hasCriminalRecord()).isFalse();
        assertThat(issued.certificate().convictions()).isEmpty();
        assertThat(issued.certificate().recordStatus()).isEqualTo("1");
    }

    @Test
    void threeSevenAndEightAreRejectedWithTheHubsReasonAndTheServicesDescription() {
        assertThat(CriminalRecordAnswers.status(utf8(status("{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"3\"}")), "D-1", JSON))
                .isEqualTo(new CriminalRecordAnswers.Rejected(
                        "Not received by the criminal-records service (trangThaiXuLy 3): Thành công"));
        assertThat(CriminalRecordAnswers.status(utf8("{\"status\":\"1\",\"value\":[{\"maHoSoMCDT\":\"D-1\","
                + "\"trangThaiXuLy\":\"7\"}]}"), "D-1", JSON))
                .isEqualTo(new CriminalRecordAnswers.Rejected("Withdrawn at the applicant's request (trangThaiXuLy 7)"));
        assertThat(CriminalRecordAnswers.status(utf8("{\"status\":1,\"value\":[{\"maHoSoMCDT\":\"D-1\","
                + "\"trangThaiXuLy\":8}]}"), "D-1", JSON)).isInstanceOf(CriminalRecordAnswers.Rejected.class);
    }

    @Test
    void otherStatesAnAbsentEntryAndNineWithoutACertificateAreStillProcessing() {
        for (String entry : new String[] {"{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"4\"}",
                "{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"2\",\"ketQuaXuLy\":null}",
                "{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"9\",\"ketQuaXuLy\":{\"soPhieuLLTP\":\"\"}}",
                "{\"maHoSoMCDT\":\"D-1\"}", "{\"maHoSoMCDT\":\"D-2\",\"trangThaiXuLy\":\"9\"}", ""}) {
            assertThat(CriminalRecordAnswers.status(utf8(status(entry)), "D-1", JSON)).as(entry)
                    .isInstanceOf(CriminalRecordAnswers.Processing.class);
        }
    }

    @Test
    void statusZeroAnUnreadableBodyABadDateOrABadPdfIsAFailedPoll() {
        String[] answers = {
            "{\"status\":0,\"statusDescription\":\"Lỗi\",\"value\":[]}",
            "{\"statusDescription\":\"no status\"}",
            "not json", "", "[1]",
            status("{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"9\",\"ketQuaXuLy\":{\"soPhieuLLTP\":\"1\","
                    + "\"ngayCapPhieu\":\"2026-11-20\"}}"),
            status("{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"9\",\"ketQuaXuLy\":{\"soPhieuLLTP\":\"1\","
                    + "\"phieuLLTP\":\"" + Base64.getEncoder().encodeToString(utf8("<html>no</html>")) + "\"}}"),
            status("{\"maHoSoMCDT\":\"D-1\",\"trangThaiXuLy\":\"9\",\"ketQuaXuLy\":{\"soPhieuLLTP\":\"1\","
                    + "\"phieuLLTP\":\"***not base64***\"}}"),
        };
        for (String answer : answers) {
            assertThatThrownBy(() -> CriminalRecordAnswers.status(utf8(answer), "D-1", JSON)).as(answer)
                    .isInstanceOfSatisfying(HubException.class, e -> {
                        assertThat(e.code().code()).isEqualTo("source.bad_response");
                        assertThat(e.getCause()).isNull();
                    });
        }
    }
}
