package vn.lgsp.hub.sources.enterprises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.enterprises.Enterprise.Status;
import vn.lgsp.hub.sources.lookup.Address;
import vn.lgsp.hub.sources.lookup.Lookup;
import vn.lgsp.hub.sources.lookup.SubjectNotFoundException;
import vn.lgsp.hub.sources.lookup.UpstreamFormats;

/** The registry's GetEntCert answers (mock-endpoints/__files/enterprises) as the canonical enterprise. */
class EnterpriseMapperTest {

    private static final Path FIXTURES = Path.of("mock-endpoints", "__files", "enterprises");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-20T01:54:25Z"), ZoneId.of("Asia/Ho_Chi_Minh"));

    private final EnterpriseMapper mapper = new EnterpriseMapper(
            new UpstreamFormats(new ObjectMapper().registerModule(new JavaTimeModule())),
            new Catalogues(new ObjectMapper()), CLOCK);

    @Test
    void foundEnterpriseWithEveryCanonicalField() {
        Enterprise e = map(fixture("0100233488.json"));

        assertThat(e.enterpriseCode()).isEqualTo("0100233488");
        assertThat(e.parentEnterpriseCode()).isNull();
        assertThat(e.name()).isEqualTo("CÔNG TY CỔ PHẦN CÔNG NGHỆ SÔNG HỒNG");
        assertThat(e.englishName()).isEqualTo("SONG HONG TECHNOLOGY JOINT STOCK COMPANY");
        assertThat(e.shortName()).isEqualTo("SONG HONG TECH., JSC");
        assertThat(e.legalForm()).isEqualTo("Công ty cổ phần");
        assertThat(e.legalFormCode()).isEqualTo("04");
        assertThat(e.status()).isEqualTo(Status.ACTIVE);
        assertThat(e.statusCode()).isEqualTo("01");
        assertThat(e.statusName()).isEqualTo("Đang hoạt động");
        assertThat(e.statusSince()).isNull();
        assertThat(e.suspendedUntil()).isNull();
        assertThat(e.registeredAt()).isEqualTo(LocalDate.of(1998, 12, 29));
        assertThat(e.headOffice()).isEqualTo(new Address("01", "00004",
                "Số 18 phố Trúc Bạch, Phường Trúc Bạch, Quận Ba Đình, Thành phố Hà Nội"));
        assertThat(e.legalRepresentatives()).containsExactly(
                new Enterprise.LegalRepresentative("Đỗ Quang Huy", null),
                new Enterprise.LegalRepresentative("Nguyễn Thị Thu Hà", null));
        assertThat(e.businessLines()).containsExactly(
                new Enterprise.BusinessLine("6201", "Lập trình máy vi tính", true),
                new Enterprise.BusinessLine("6202", "Tư vấn máy vi tính và quản trị hệ thống máy vi tính", false),
                new Enterprise.BusinessLine("6311", "Xử lý dữ liệu, cho thuê và các hoạt động liên quan", false));
        assertThat(e.retrievedAt()).hasToString("2026-11-20T08:54:25+07:00");
    }

    @Test
    void branchBelongsToTheEnterpriseOfItsFirstTenDigits() {
        Enterprise e = map(fixture("3701453620-001.json"));

        assertThat(e.parentEnterpriseCode()).isEqualTo("3701453620");
        assertThat(e.legalForm()).isEqualTo("Chi nhánh");
        assertThat(e.englishName()).isNull();
        assertThat(e.headOffice().provinceCode()).isEqualTo("79");
        assertThat(e.headOffice().communeCode()).isEqualTo("26740");
    }

    @Test
    void theFirstLegalStatusIsTheCurrentOne() {
        Enterprise suspended = map(fixture("3702004561.json"));
        assertThat(suspended.status()).isEqualTo(Status.SUSPENDED);
        assertThat(suspended.statusCode()).isEqualTo("02");
        assertThat(suspended.statusName()).isEqualTo("Tạm ngừng kinh doanh");
        assertThat(suspended.statusSince()).isEqualTo(LocalDate.of(2026, 1, 15));
        assertThat(suspended.suspendedUntil()).isEqualTo(LocalDate.of(2027, 1, 14));

        Enterprise activeAgain = map(fixture("3701453620.json"));
        assertThat(activeAgain.status()).isEqualTo(Status.ACTIVE);
        assertThat(activeAgain.statusSince()).isNull();

        Enterprise dissolved = map(fixture("0101234565.json"));
        assertThat(dissolved.status()).isEqualTo(Status.DISSOLVED);
        assertThat(dissolved.statusCode()).isEqualTo("07");
    }

    @Test
    void aTypeTheAnswerLeavesUnnamedIsNamedByTheCatalogue() {
        Enterprise e = map(fixture("0101234565.json"));

        assertThat(e.legalFormCode()).isEqualTo("04");
        assertThat(e.legalForm()).isEqualTo("Công ty cổ phần");
    }

    @Test
    void unknownCodesAreKeptWithStatusUnknown() {
        Enterprise e = map(fixture("3700987683.json"));

        assertThat(e.status()).isEqualTo(Status.UNKNOWN);
        assertThat(e.statusCode()).isEqualTo("15");
        assertThat(e.statusName()).isEqualTo("Đang chuyển đổi loại hình doanh nghiệp");
        assertThat(e.legalFormCode()).isEqualTo("21");
        assertThat(e.legalForm()).isNull();
    }

    @Test
    void aCodeWithoutNameIsNamedByTheCatalogueAndCodesCompareAsNumbers() {
        Enterprise e = map(entCert("\"MaLoaiHinhDN\":\"2\",\"TinhTrangPhapLy\":[{\"MaTinhTrangPhapLy\":5}]"));

        assertThat(e.legalForm()).isEqualTo("Công ty trách nhiệm hữu hạn một thành viên");
        assertThat(e.status()).isEqualTo(Status.REVOKED);
        assertThat(e.statusCode()).isEqualTo("5");
        assertThat(e.statusName()).isEqualTo("Bị thu hồi Giấy chứng nhận đăng ký doanh nghiệp");
    }

    @Test
    void noLegalStatusIsUnknown() {
        Enterprise e = map(entCert("\"TinhTrangPhapLy\":[]"));

        assertThat(e.status()).isEqualTo(Status.UNKNOWN);
        assertThat(e.statusCode()).isNull();
        assertThat(e.statusName()).isNull();
    }

    @Test
    void integerAddressCodesArePaddedToTheNationalWidths() {
        Enterprise e = map(entCert("\"DiaChiTruSo\":[{\"DiaChi\":[{\"MaTinhThanh\":1,\"MaPhuongXa\":4,"
                + "\"DiaChi\":null,\"SoNha\":\"Số 1 phố Trúc Bạch\",\"TenPhuongXa\":\"Phường Trúc Bạch\","
                + "\"TenQuanHuyen\":null,\"TenTinhThanh\":\"Thành phố Hà Nội\"}]}]"));

        assertThat(e.headOffice()).isEqualTo(new Address("01", "00004",
                "Số 1 phố Trúc Bạch, Phường Trúc Bạch, Thành phố Hà Nội"));
    }

    @Test
    void addressCodesAsTextAndZeroAsNone() {
        Enterprise e = map(entCert("\"DiaChiTruSo\":[{\"DiaChi\":[{\"MaTinhThanh\":\"74\",\"MaPhuongXa\":0,"
                + "\"DiaChi\":\"Phường Phú Cường\"}]}]"));

        assertThat(e.headOffice()).isEqualTo(new Address("74", null, "Phường Phú Cường"));
    }

    @Test
    void noHeadOfficeIsNull() {
        assertThat(map(entCert("\"DiaChiTruSo\":[]")).headOffice()).isNull();
        assertThat(map(entCert("\"DiaChiTruSo\":[{\"DiaChi\":null}]")).headOffice()).isNull();
    }

    @Test
    void mainBusinessLineIsTheIntegerFlagOne() {
        Enterprise e = map(entCert("\"NganhNgheKinhDoanh\":[{\"MaNganh\":\"4690\",\"LaNganhChinh\":1},"
                + "{\"MaNganh\":\"4933\",\"LaNganhChinh\":0},{\"MaNganh\":\"6201\",\"LaNganhChinh\":null}]"));

        assertThat(e.businessLines()).extracting(Enterprise.BusinessLine::main).containsExactly(true, false, false);
    }

    @Test
    void everyPersonOfEveryRepresentativeWithoutATitle() {
        Enterprise e = map(entCert("\"DaiDienPhapLuat\":[{\"ThongTinCaNhan\":[{\"HoVaTen\":\"A\"},{\"HoVaTen\":\"B\"}]},"
                + "{\"ThongTinCaNhan\":[{\"HoVaTen\":\"C\"}]},{\"ThongTinCaNhan\":null}]"));

        assertThat(e.legalRepresentatives()).extracting(Enterprise.LegalRepresentative::fullName)
                .containsExactly("A", "B", "C");
        assertThat(e.legalRepresentatives()).extracting(Enterprise.LegalRepresentative::position)
                .containsOnlyNulls();
    }

    @ParameterizedTest
    @ValueSource(strings = {"2009-05-12T00:00:00", "2009-05-12T00:00:00.000", "2009-05-12T00:00:00+07:00",
            "2009-05-12", "12/05/2009"})
    void datesInTheFormatsTheEvidenceShows(String date) {
        assertThat(map(entCert("\"NgayDangKyLanDau\":\"" + date + "\"")).registeredAt())
                .isEqualTo(LocalDate.of(2009, 5, 12));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12-05-2009", "2009-13-01", "31/02/2009", "yesterday"})
    void anotherDateIsUnreadable(String date) {
        assertUnreadable(entCert("\"NgayDangKyLanDau\":\"" + date + "\""));
    }

    @Test
    void getEntCertNullIsNotFound() throws IOException {
        assertThatThrownBy(() -> map(fixture("not-found.json")))
                .isInstanceOf(SubjectNotFoundException.class)
                .extracting(t -> ((HubException) t).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    }

    @Test
    void getEntCertEmptyIsNotFound() {
        assertThatThrownBy(() -> map(fixture("empty-3700987690.json"))).isInstanceOf(SubjectNotFoundException.class);
    }

    @Test
    void truncatedBodyIsUnreadable() {
        assertUnreadable(fixture("malformed-3700987676.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"MaLoi\":\"LOI\"}", "{\"GetEntCert\":\"x\"}", "{\"GetEntCert\":[1]}",
            "[]", "", "{\"GetEntCert\":[{\"TenTiengViet\":\"X\"}]}",
            "{\"GetEntCert\":[{\"MaSoDoanhNghiep\":\"0100233488\"}]}"})
    void anotherShapeIsUnreadable(String body) {
        assertUnreadable(body);
    }

    private void assertUnreadable(String body) {
        assertThatThrownBy(() -> map(body))
                .isInstanceOf(HubException.class)
                .isNotInstanceOf(SubjectNotFoundException.class)
                .extracting(t -> ((HubException) t).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
    }

    private static String entCert(String fields) {
        return "{\"GetEntCert\":[{\"MaSoDoanhNghiep\":\"0100233488\",\"TenTiengViet\":\"CÔNG TY X\"," + fields + "}]}";
    }

    private static String fixture(String file) {
        try {
            return Files.readString(FIXTURES.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Enterprise map(String body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Lookup.PROPERTY, new Lookup("enterprises", true, Instant.EPOCH, 0, null));
        exchange.getMessage().setBody(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
        return mapper.map(exchange);
    }
}
