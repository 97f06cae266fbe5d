package vn.lgsp.hub.sources.land;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.catalogues.Catalogues;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.land.LandParcel.Encumbrance;
import vn.lgsp.hub.sources.land.LandParcel.Holder;
import vn.lgsp.hub.sources.lookup.Lookup;
import vn.lgsp.hub.sources.lookup.SubjectNotFoundException;
import vn.lgsp.hub.sources.lookup.UpstreamFormats;

/** The land database's answers, as the mock fixtures in mock-endpoints/__files/land/ send them, in the canonical model. */
class LandParcelMapperTest {

    private static final Path FIXTURES = Path.of("mock-endpoints/__files/land");

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule());
    private final LandParcelMapper mapper = new LandParcelMapper(new UpstreamFormats(json),
            new Catalogues(json), Clock.fixed(Instant.parse("2026-11-20T01:15:02Z"), ZoneOffset.ofHours(7)));

    private LandParcel map(String fixture) throws IOException {
        return mapper.map(exchange(Files.newInputStream(FIXTURES.resolve(fixture))));
    }

    private LandParcel mapText(String body) {
        return mapper.map(exchange(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
    }

    private static Exchange exchange(InputStream body) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Lookup.PROPERTY, new Lookup("land", true, Instant.EPOCH, 0, null));
        exchange.getMessage().setBody(body);
        return exchange;
    }

    @Test
    void aParcelWithOneMortgageInForce() throws IOException {
        LandParcel p = map("25747-12-345.json");

        assertThat(p.communeCode()).isEqualTo("25747");
        assertThat(p.mapSheet()).isEqualTo(12);
        assertThat(p.parcelNumber()).isEqualTo(345);
        assertThat(p.areaM2()).isEqualByComparingTo("152.5");
        assertThat(p.landUse()).isEqualTo("ODT");
        assertThat(p.landUseName()).isEqualTo("Đất ở tại đô thị");
        assertThat(p.landUseCodes()).containsExactly("ODT");
        assertThat(p.address()).isEqualTo("Số 12 đường Yersin, Phường Phú Cường, Thành phố Thủ Dầu Một, Tỉnh Bình Dương");
        assertThat(p.certificateNumber()).isEqualTo("CS 01234");
        assertThat(p.holders()).containsExactly(new Holder("Nguyễn Văn An", "074085000123"));
        assertThat(p.encumbrances()).containsExactly(new Encumbrance("THE_CHAP",
                "Thế chấp tại Ngân hàng TMCP Ngoại thương Việt Nam – Chi nhánh Bình Dương theo hợp đồng số 125/2024/HĐTC",
                LocalDate.of(2024, 3, 18)));
        assertThat(p.retrievedAt()).isEqualTo("2026-11-20T08:15:02+07:00");
    }

    @Test
    void aParcelWithoutEncumbrances() throws IOException {
        LandParcel p = map("26734-5-78.json");

        assertThat(p.certificateNumber()).isEqualTo("DA 567890");
        assertThat(p.holders()).containsExactly(new Holder("Trần Thị Bình", "079190004567"));
        assertThat(p.encumbrances()).isEmpty();
    }

    @Test
    void aRestrictionIsAnEncumbranceAndAnEndedMortgageIsNot() throws IOException {
        LandParcel p = map("25747-12-346.json");

        assertThat(p.encumbrances()).containsExactly(new Encumbrance("HAN_CHE_QUYEN",
                "Một phần thửa đất nằm trong hành lang bảo vệ an toàn lưới điện cao áp", LocalDate.of(2023, 9, 5)));
    }

    @Test
    void theMainPurposeComesFirstAndEveryPurposeIsListed() throws IOException {
        LandParcel p = map("25747-12-346.json");

        assertThat(p.landUse()).isEqualTo("ODT");
        assertThat(p.landUseCodes()).containsExactly("ODT", "CLN");
    }

    @Test
    void aLandUseCodeTheCatalogueDoesNotListIsKeptWithoutAName() throws IOException {
        LandParcel p = map("25747-12-347.json");

        assertThat(p.landUse()).isEqualTo("HNK");
        assertThat(p.landUseName()).isNull();
        assertThat(p.landUseCodes()).containsExactly("HNK");
    }

    @Test
    void anOrganisationHoldsTheParcelWithoutAPersonalId() throws IOException {
        LandParcel p = map("25747-12-347.json");

        assertThat(p.holders()).containsExactly(new Holder("Hợp tác xã nông nghiệp Phú Cường", null));
    }

    @Test
    void aMortgageWithoutTextOfItsOwnIsDescribedByItsTypeAndADischargeIsNoBurden() {
        LandParcel p = mapText("""
                {"data": {"DC_ThuaDat": {"maXa": "25747", "soHieuToBanDo": 1, "soThuTuThua": 2},
                  "DC_GiaoDichBaoDam": [{"loaiGiaoDichBaoDam": 9, "thoiDiemDangKy": "01/02/2025 10:00:00", "hieuLuc": 1},
                                        {"loaiGiaoDichBaoDam": 0, "thoiDiemDangKy": "01/02/2015 10:00:00", "hieuLuc": 0},
                                        {"loaiGiaoDichBaoDam": 2, "thoiDiemDangKy": "01/02/2016 10:00:00", "hieuLuc": 1}]},
                 "status": {"success": true, "code": 0}}
                """);

        assertThat(p.encumbrances()).containsExactly(new Encumbrance("THE_CHAP",
                "Thế chấp tài sản hình thành trong tương lai", LocalDate.of(2025, 2, 1)));
        assertThat(p.landUse()).isNull();
        assertThat(p.landUseCodes()).isEmpty();
        assertThat(p.holders()).isEmpty();
    }

    @Test
    void dataNullIsNoSuchParcel() {
        assertThatThrownBy(() -> map("not-found.json"))
                .isInstanceOf(SubjectNotFoundException.class)
                .extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_NOT_FOUND);
    }

    @Test
    void anErrorInTheBodyIsABadResponseThatDoesNotQuoteIt() {
        assertThatThrownBy(() -> map("error.json"))
                .isInstanceOf(HubException.class)
                .isNotInstanceOf(SubjectNotFoundException.class)
                .satisfies(e -> {
                    assertThat(((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
                    assertThat(e.getMessage()).doesNotContain("Lỗi", "500");
                });
    }

    @Test
    void aTruncatedBodyIsABadResponse() {
        assertThatThrownBy(() -> map("malformed-25747-99-502.txt"))
                .isInstanceOf(HubException.class)
                .extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
    }

    @Test
    void anAnswerWithoutTheEnvelopeIsABadResponse() {
        assertThatThrownBy(() -> mapText("{\"DC_ThuaDat\": {\"maXa\": \"25747\", \"soHieuToBanDo\": 12, \"soThuTuThua\": 345}}"))
                .isInstanceOf(HubException.class)
                .extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
    }

    @Test
    void aSuccessWithoutAParcelIsABadResponse() {
        assertThatThrownBy(() -> mapText("{\"data\": {}, \"status\": {\"success\": true}}"))
                .isInstanceOf(HubException.class)
                .isNotInstanceOf(SubjectNotFoundException.class)
                .extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
    }

    @Test
    void aDateNotInTheLayoutsFormIsABadResponse() {
        assertThatThrownBy(() -> mapText("""
                {"data": {"DC_ThuaDat": {"maXa": "25747", "soHieuToBanDo": 1, "soThuTuThua": 2},
                  "DC_HanCheQuyen": [{"loaiHanChe": 1, "ngayBanHanh": "2023-09-05"}]},
                 "status": {"success": true}}
                """))
                .isInstanceOf(HubException.class)
                .extracting(e -> ((HubException) e).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
    }
}
