package vn.lgsp.hub.criminalrecords;

import java.time.LocalDate;
import java.util.List;

/**
 * A criminal-record certificate (phiếu lý lịch tư pháp) in the canonical model, read from the
 * service's {@code ketQuaXuLy} (docs/national-systems.md §6.2). A certificate No. 1 does not show
 * expunged convictions; a certificate No. 2 shows the full record. The certificate's PDF is kept
 * apart from it (GET {@code /api/v1/criminal-record-requests/{requestId}/certificate}).
 *
 * @param number            {@code soPhieuLLTP}
 * @param issuedAt          {@code ngayCapPhieu}
 * @param hasCriminalRecord whether the certificate lists a conviction ({@code thongTinAn} not empty)
 * @param convictions       {@code thongTinAn}
 * @param certificateType   {@code loaiPhieu} as the service wrote it ("1" or "2")
 * @param preparedBy        {@code nguoiLapPhieu}
 * @param signedBy          {@code nguoiKy}
 * @param signerTitle       {@code chucVu}
 * @param recordStatus      {@code tenTinhTrangAnTich}, else {@code tinhTrangAnTich}
 * @param positionBans      {@code dsCDNCV}: bans from holding a position or running a business
 */
record Certificate(String number, LocalDate issuedAt, boolean hasCriminalRecord, List<Conviction> convictions,
                   String certificateType, String preparedBy, String signedBy, String signerTitle,
                   String recordStatus, List<PositionBan> positionBans) {

    /**
     * One judgment ({@code thongTinAn[]}).
     *
     * @param offence            the offences' names ({@code dsToiDanh[].tenToiDanh}) joined by "; "
     * @param sentence           the principal penalties ({@code dsHinhPhatChinh[]}) joined by "; "
     * @param date               {@code ngayBanAn}
     * @param court              {@code tenToaDaTuyen}, else {@code toaDaTuyen}
     * @param expunged           true when {@code ngayXoaAn} is given, else unknown (null)
     * @param judgmentNumber     {@code soBanAn}
     * @param offences           {@code dsToiDanh[].tenToiDanh}
     * @param additionalPenalties {@code dsHinhPhatBoSung[]}
     * @param provisions         {@code dieuKhoan}
     * @param servedOn           {@code ngayChapHanh}
     * @param expungedOn         {@code ngayXoaAn}
     * @param enforcementStatus  {@code tinhTrangThiHanh}
     */
    record Conviction(String offence, String sentence, LocalDate date, String court, Boolean expunged,
                      String judgmentNumber, List<String> offences, List<String> additionalPenalties,
                      String provisions, LocalDate servedOn, LocalDate expungedOn, String enforcementStatus) {
    }

    /** One ban ({@code dsCDNCV[]}): {@code soQuyetDinh, ngayQuyetDinh, toaAnQD, chucVuCam, thoiHanCam, camTuNgay}. */
    record PositionBan(String decisionNumber, LocalDate decisionDate, String court, String position, String duration,
                       LocalDate from) {
    }
}
