package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** The national formats (XML, Vietnamese field names, dd/MM/yyyy and ISO dates, integer codes) become the canonical JSON of docs/api.md §2. */
class CanonicalModelIT extends HubIT {

    @Test
    void citizenFromThePopulationDatabaseXml() {
        JsonNode c = lookup("/api/v1/citizens/074085000123").json();

        assertThat(c.path("personalId").asText()).isEqualTo("074085000123");
        assertThat(c.path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(c.path("dateOfBirth").asText()).isEqualTo("1985-03-14");
        assertThat(c.path("gender").asText()).isEqualTo("MALE");
        assertThat(c.path("nationality").asText()).isEqualTo("VN");
        assertThat(c.path("ethnicity").asText()).isEqualTo("Kinh");
        assertThat(c.path("permanentAddress").path("provinceCode").asText()).isEqualTo("74");
        assertThat(c.path("permanentAddress").path("communeCode").asText()).isEqualTo("25747");
        assertThat(c.path("currentAddress").path("communeCode").asText()).isEqualTo("25750");
        assertThat(c.path("householdHead").path("personalId").asText()).isEqualTo("074085000123");
        assertThat(c.path("householdHead").path("relationship").asText()).isEqualTo("Chủ hộ");
        assertThat(c.path("retrievedAt").asText()).endsWith("+07:00");
    }

    @Test
    void aPercentEncodedPathIsTheSamePath() {
        // %33 is "3": the path the routes match is the decoded one, as for any HTTP server
        Response encoded = lookup("/api/v1/citizens/07408500012%33");

        assertThat(encoded.status()).isEqualTo(200);
        assertThat(encoded.json().path("personalId").asText()).isEqualTo("074085000123");
    }

    @Test
    void femaleCitizenWithAnotherHouseholdHead() {
        JsonNode c = lookup("/api/v1/citizens/079190004567").json();

        assertThat(c.path("fullName").asText()).isEqualTo("Trần Thị Bình");
        assertThat(c.path("gender").asText()).isEqualTo("FEMALE");
        assertThat(c.path("dateOfBirth").asText()).startsWith("1990-");
        assertThat(c.path("householdHead").path("relationship").asText()).isEqualTo("Vợ");
    }

    @Test
    void enterpriseStatusIsTheFirstLegalStatusOfTheRegistry() {
        JsonNode e = lookup("/api/v1/enterprises/3702004561").json();

        assertThat(e.path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(e.path("statusCode").asText()).isEqualTo("02");
        assertThat(e.path("statusName").asText()).isEqualTo("Tạm ngừng kinh doanh");
        assertThat(e.path("statusSince").asText()).isEqualTo("2026-01-15");
        assertThat(e.path("suspendedUntil").asText()).isEqualTo("2027-01-14");
        JsonNode dissolved = lookup("/api/v1/enterprises/0101234565").json();
        assertThat(dissolved.path("status").asText()).isEqualTo("DISSOLVED");
        assertThat(dissolved.path("statusCode").asText()).isEqualTo("07");
        // the registry names no type here: the hub's catalogue names the code
        assertThat(dissolved.path("legalForm").asText()).isEqualTo("Công ty cổ phần");
        assertThat(lookup("/api/v1/enterprises/3701453620").json().path("status").asText()).isEqualTo("ACTIVE");
    }

    @Test
    void enterpriseWithCodesTheHubDoesNotKnowKeepsThem() {
        JsonNode e = lookup("/api/v1/enterprises/3700987683").json();

        assertThat(e.path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(e.path("statusCode").asText()).isEqualTo("15");
        assertThat(e.path("statusName").asText()).isEqualTo("Đang chuyển đổi loại hình doanh nghiệp");
        assertThat(e.path("legalFormCode").asText()).isEqualTo("21");
        assertThat(e.path("legalForm").isNull()).isTrue();
    }

    @Test
    void enterpriseWithRepresentativesAndBusinessLines() {
        JsonNode e = lookup("/api/v1/enterprises/0100233488").json();

        assertThat(e.path("enterpriseCode").asText()).isEqualTo("0100233488");
        assertThat(e.path("englishName").asText()).isEqualTo("SONG HONG TECHNOLOGY JOINT STOCK COMPANY");
        assertThat(e.path("legalForm").asText()).isEqualTo("Công ty cổ phần");
        assertThat(e.path("legalFormCode").asText()).isEqualTo("04");
        assertThat(e.path("status").asText()).isEqualTo("ACTIVE");
        assertThat(e.path("registeredAt").asText()).isEqualTo("1998-12-29");
        assertThat(e.path("legalRepresentatives").findValuesAsText("fullName"))
                .containsExactly("Đỗ Quang Huy", "Nguyễn Thị Thu Hà");
        // the registry's answer carries no title for a representative
        assertThat(e.path("legalRepresentatives").get(0).path("position").isNull()).isTrue();
        assertThat(e.path("businessLines").get(0).path("code").asText()).isEqualTo("6201");
        assertThat(e.path("businessLines").get(0).path("main").asBoolean()).isTrue();
        assertThat(e.path("businessLines").get(1).path("main").asBoolean()).isFalse();
        // the registry sends the unit codes as integers (1, 4): the hub restores the national widths
        assertThat(e.path("headOffice").path("provinceCode").asText()).isEqualTo("01");
        assertThat(e.path("headOffice").path("communeCode").asText()).isEqualTo("00004");
    }

    @Test
    void branchNamesItsParent() {
        JsonNode e = lookup("/api/v1/enterprises/3701453620-001").json();

        assertThat(e.path("enterpriseCode").asText()).isEqualTo("3701453620-001");
        assertThat(e.path("parentEnterpriseCode").asText()).isEqualTo("3701453620");
    }

    @Test
    void landParcelWithItsHolderAndMortgage() {
        JsonNode p = lookup("/api/v1/land-parcels/25747/12/345").json();

        assertThat(p.path("communeCode").asText()).isEqualTo("25747");
        assertThat(p.path("mapSheet").asInt()).isEqualTo(12);
        assertThat(p.path("parcelNumber").asInt()).isEqualTo(345);
        assertThat(p.path("areaM2").decimalValue()).isEqualByComparingTo("152.5");
        assertThat(p.path("landUse").asText()).isEqualTo("ODT");
        assertThat(p.path("certificateNumber").asText()).isEqualTo("CS 01234");
        assertThat(p.path("holders")).hasSize(1);
        assertThat(p.path("holders").get(0).path("personalId").asText()).isEqualTo("074085000123");
        assertThat(p.path("encumbrances").get(0).path("type").asText()).isEqualTo("THE_CHAP");
        assertThat(p.path("encumbrances").get(0).path("registeredOn").asText()).isEqualTo("2024-03-18");
        assertThat(p.path("encumbrances")).hasSize(1);
        assertThat(p.path("landUseName").asText()).isEqualTo("Đất ở tại đô thị");
        assertThat(p.path("landUseCodes").get(0).asText()).isEqualTo("ODT");
    }

    @Test
    void landParcelListsItsRestrictionButNotItsEndedMortgage() {
        JsonNode p = lookup("/api/v1/land-parcels/25747/12/346").json();

        assertThat(p.path("landUse").asText()).isEqualTo("ODT");
        assertThat(p.path("landUseCodes").toString()).isEqualTo("[\"ODT\",\"CLN\"]");
        assertThat(p.path("encumbrances")).hasSize(1);
        assertThat(p.path("encumbrances").get(0).path("type").asText()).isEqualTo("HAN_CHE_QUYEN");
        assertThat(p.path("encumbrances").get(0).path("registeredOn").asText()).isEqualTo("2023-09-05");
    }

    @Test
    void landParcelOfAnOrganisationWithALandUseTheCatalogueDoesNotList() {
        JsonNode p = lookup("/api/v1/land-parcels/25747/12/347").json();

        assertThat(p.path("landUse").asText()).isEqualTo("HNK");
        assertThat(p.path("landUseName").isNull()).isTrue();
        assertThat(p.path("holders")).hasSize(1);
        assertThat(p.path("holders").get(0).path("fullName").asText()).isEqualTo("Hợp tác xã nông nghiệp Phú Cường");
        assertThat(p.path("holders").get(0).path("personalId").isNull()).isTrue();
        assertThat(p.path("encumbrances")).isEmpty();
    }
}
