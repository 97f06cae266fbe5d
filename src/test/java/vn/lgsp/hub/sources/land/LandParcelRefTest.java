package vn.lgsp.hub.sources.land;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

class LandParcelRefTest {

    @Test
    void acceptsAValidReferenceAndNormalisesNumbers() {
        LandParcelRef ref = LandParcelRef.parse("25747", "012", "345");

        assertThat(ref.mapSheet()).isEqualTo(12);
        assertThat(ref.key()).isEqualTo("25747/12/345");
    }

    @ParameterizedTest
    @CsvSource({"2574, 12, 345, communeCode", "257470, 12, 345, communeCode", "2574a, 12, 345, communeCode",
            "25747, 0, 345, mapSheet", "25747, -1, 345, mapSheet", "25747, 1.5, 345, mapSheet",
            "25747, 12, 0, parcelNumber", "25747, 12, 9999999999, parcelNumber", "25747, 12, x, parcelNumber"})
    void refusesAndNamesTheWrongField(String commune, String sheet, String parcel, String field) {
        assertThatThrownBy(() -> LandParcelRef.parse(commune, sheet, parcel))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_LAND_PARCEL);
                    assertThat(e.errors()).singleElement().extracting(HubException.FieldProblem::field).isEqualTo(field);
                });
    }
}
