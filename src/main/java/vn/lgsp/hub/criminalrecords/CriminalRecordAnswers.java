package vn.lgsp.hub.criminalrecords;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * How the hub reads the criminal-records service's answers (docs/national-systems.md §6.2). Nothing
 * read here is logged or kept in an exception: answers hold personal data.
 */
final class CriminalRecordAnswers {

    /** The success text of a submission, and of a submission sent again (the dossier is already there). */
    static final String SUBMITTED = "gửi thông tin thành công";
    static final String ALREADY_RECEIVED = "đã được tiếp nhận, không thể cập nhật thông tin";
    /** {@code trangThaiXuLy}: 9 processed, 10 returned (issued); 3 not received, 7 withdrawn, 8 stopped (rejected). */
    static final Set<String> ISSUED = Set.of("9", "10");
    static final int MAX_PDF_BYTES = 20 * 1024 * 1024;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private CriminalRecordAnswers() {
    }

    // --- submission ------------------------------------------------------------------------------

    /**
     * A submission's answer: nothing when the service took it (its success text, or its "already
     * received" text for a resend); a {@link CriminalRecordRefusedException} when it answered its
     * error JSON; a {@code source.bad_response} when the answer is neither (retried).
     */
    static void submitted(byte[] body, ObjectMapper json) {
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        String folded = Normalizer.normalize(text, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (folded.contains(SUBMITTED) || folded.contains(ALREADY_RECEIVED)) {
            return;
        }
        JsonNode answer = tree(body, json);
        if (answer != null && answer.isObject() && (answer.has("errorCode") || answer.has("errorDescription")
                || answer.has("status") || answer.has("statusDescription"))) {
            String code = value(answer, "errorCode");
            if (code == null) {
                code = value(answer, "status");
            }
            String description = value(answer, "errorDescription");
            if (description == null || description.isBlank()) {
                description = value(answer, "statusDescription");
            }
            throw new CriminalRecordRefusedException(code, description);
        }
        throw unreadable("The criminal-records service answered the submission with neither its success text nor an error");
    }

    // --- status ----------------------------------------------------------------------------------

    /** What a status answer says of one dossier. */
    sealed interface Status permits Issued, Rejected, Processing {
    }

    /** Issued: the certificate, and its PDF when the service sent one (else null). */
    record Issued(Certificate certificate, byte[] pdf) implements Status {
    }

    record Rejected(String reason) implements Status {
    }

    record Processing(String code) implements Status {
    }

    /**
     * A status answer {@code {status, statusDescription, value[{maHoSoMCDT, trangThaiXuLy, ketQuaXuLy}]}}
     * about {@code dossierId}. {@code status} other than 1, or a body that cannot be read (a certificate
     * without its number, a date or PDF that is not one), is a {@code source.bad_response}: a failed poll.
     */
    static Status status(byte[] body, String dossierId, ObjectMapper json) {
        JsonNode answer = tree(body, json);
        if (answer == null || !answer.isObject()) {
            throw unreadable("The criminal-records service answered the status with a body that could not be read");
        }
        if (!"1".equals(value(answer, "status"))) {
            throw new HubException(ErrorCode.SOURCE_BAD_RESPONSE,
                    "The criminal-records service answered the status with status " + safeCode(value(answer, "status")));
        }
        JsonNode entry = null;
        for (JsonNode candidate : answer.path("value")) {
            if (dossierId.equals(value(candidate, "maHoSoMCDT"))) {
                entry = candidate;
                break;
            }
        }
        if (entry == null) {
            return new Processing(null);
        }
        String state = value(entry, "trangThaiXuLy");
        JsonNode result = entry.path("ketQuaXuLy");
        if (state != null && ISSUED.contains(state) && result.isObject() && present(value(result, "soPhieuLLTP"))) {
            return new Issued(certificate(result), pdf(value(result, "phieuLLTP")));
        }
        String reason = state == null ? null : switch (state) {
            case "3" -> "Not received by the criminal-records service (trangThaiXuLy 3)";
            case "7" -> "Withdrawn at the applicant's request (trangThaiXuLy 7)";
            case "8" -> "Processing stopped by the criminal-records service (trangThaiXuLy 8)";
            default -> null;
        };
        if (reason == null) {
            return new Processing(state);
        }
        String description = value(answer, "statusDescription");
        return new Rejected(present(description) ? reason + ": " + description : reason);
    }

    private static Certificate certificate(JsonNode r) {
        List<Certificate.Conviction> convictions = new ArrayList<>();
        for (JsonNode c : r.path("thongTinAn")) {
            List<String> offences = names(c.path("dsToiDanh"), "tenToiDanh", "toiDanh");
            List<String> penalties = names(c.path("dsHinhPhatChinh"), "tenHinhPhat", "maHinhPhat");
            List<String> additional = names(c.path("dsHinhPhatBoSung"), "tenHinhPhat", "maHinhPhat");
            LocalDate expungedOn = date(c, "ngayXoaAn");
            String court = value(c, "tenToaDaTuyen");
            convictions.add(new Certificate.Conviction(offences.isEmpty() ? null : String.join("; ", offences),
                    penalties.isEmpty() ? null : String.join("; ", penalties), date(c, "ngayBanAn"),
                    present(court) ? court : blankToNull(value(c, "toaDaTuyen")), expungedOn == null ? null : true,
                    blankToNull(value(c, "soBanAn")), offences, additional, blankToNull(value(c, "dieuKhoan")),
                    date(c, "ngayChapHanh"), expungedOn, blankToNull(value(c, "tinhTrangThiHanh"))));
        }
        List<Certificate.PositionBan> bans = new ArrayList<>();
        for (JsonNode b : r.path("dsCDNCV")) {
            bans.add(new Certificate.PositionBan(blankToNull(value(b, "soQuyetDinh")), date(b, "ngayQuyetDinh"),
                    blankToNull(value(b, "toaAnQD")), blankToNull(value(b, "chucVuCam")),
                    blankToNull(value(b, "thoiHanCam")), date(b, "camTuNgay")));
        }
        String recordStatus = value(r, "tenTinhTrangAnTich");
        return new Certificate(value(r, "soPhieuLLTP"), date(r, "ngayCapPhieu"), !convictions.isEmpty(),
                List.copyOf(convictions), blankToNull(value(r, "loaiPhieu")), blankToNull(value(r, "nguoiLapPhieu")),
                blankToNull(value(r, "nguoiKy")), blankToNull(value(r, "chucVu")),
                present(recordStatus) ? recordStatus : blankToNull(value(r, "tinhTrangAnTich")), List.copyOf(bans));
    }

    /** The certificate's PDF: base64 of a file that starts {@code %PDF-}; absent is null, anything else unreadable. */
    static byte[] pdf(String base64) {
        if (!present(base64)) {
            return null;
        }
        if (base64.length() > MAX_PDF_BYTES / 3 * 4 + 8) {
            throw unreadable("The criminal-records service sent a certificate PDF larger than the hub keeps");
        }
        byte[] pdf;
        try {
            pdf = Base64.getMimeDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw unreadable("The criminal-records service sent a certificate PDF that is not base64");
        }
        if (pdf.length < PDF_MAGIC.length) {
            throw unreadable("The criminal-records service sent a certificate that is not a PDF");
        }
        for (int i = 0; i < PDF_MAGIC.length; i++) {
            if (pdf[i] != PDF_MAGIC[i]) {
                throw unreadable("The criminal-records service sent a certificate that is not a PDF");
            }
        }
        return pdf;
    }

    private static List<String> names(JsonNode list, String name, String code) {
        List<String> names = new ArrayList<>();
        for (JsonNode item : list) {
            String value = value(item, name);
            if (!present(value)) {
                value = value(item, code);
            }
            if (present(value)) {
                names.add(value);
            }
        }
        return List.copyOf(names);
    }

    /** {@code dd/MM/yyyy}; absent or empty is null, anything else makes the answer unreadable. */
    private static LocalDate date(JsonNode node, String field) {
        String value = value(node, field);
        if (!present(value)) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim(), DATE);
        } catch (DateTimeParseException e) {
            throw unreadable("The criminal-records service answered with a date that could not be read");
        }
    }

    /** A string or number as text; absent, null, an object or an array is null. */
    private static String value(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : null;
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String blankToNull(String value) {
        return present(value) ? value : null;
    }

    private static String safeCode(String code) {
        return code != null && code.matches("-?[0-9]{1,6}") ? code : "missing or not a number";
    }

    private static JsonNode tree(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** The cause is not kept: it may quote the body, which holds personal data. */
    private static HubException unreadable(String message) {
        return new HubException(ErrorCode.SOURCE_BAD_RESPONSE, message);
    }
}
