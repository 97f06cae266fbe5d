package vn.lgsp.hub.sources.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.sources.citizens.Citizen;

class CanonicalFieldsTest {

    record Holder(String fullName, String personalId) {
    }

    record Parcel(String communeCode, List<Holder> holders, List<String> landUseCodes, Address address) {
    }

    @Test
    void everyComponentAndEveryPathBelowARecordOrAListOfRecords() {
        assertThat(CanonicalFields.of(Parcel.class)).containsExactly("address", "address.communeCode",
                "address.detail", "address.provinceCode", "communeCode", "holders", "holders.fullName",
                "holders.personalId", "landUseCodes");
    }

    @Test
    void theCitizensModelHasItsNestedPaths() {
        assertThat(CanonicalFields.of(Citizen.class)).contains("fullName", "householdHead.relationshipCode",
                "permanentAddress.provinceCode", "father.personalId").doesNotContain("ethnicityName", "householdHead.");
    }

    @Test
    void namesBringThePathsAboveThem() {
        assertThat(CanonicalFields.ofNames(List.of("registration.place.province", "fullName")))
                .containsExactly("fullName", "registration", "registration.place", "registration.place.province");
    }

    @Test
    void aPathIsNamesJoinedByDots() {
        assertThat(CanonicalFields.PATH.matcher("holders.fullName").matches()).isTrue();
        assertThat(CanonicalFields.PATH.matcher("holders..fullName").matches()).isFalse();
        assertThat(CanonicalFields.PATH.matcher(".fullName").matches()).isFalse();
        assertThat(CanonicalFields.PATH.matcher("head office").matches()).isFalse();
        assertThat(CanonicalFields.PATH.matcher("a".repeat(101)).matches()).isFalse();
    }
}
