package vn.lgsp.hub.sources.citizens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Year;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

class PersonalIdTest {

    private static final Year NOW = Year.of(2026);

    @ParameterizedTest
    @CsvSource({"074085000123, 1985", "079190004567, 1990", "001201000789, 2001", "096326000001, 2026",
            "048099123456, 1999"})
    void acceptsWellFormedNumbersAndReadsTheBirthYear(String id, int birthYear) {
        assertThat(PersonalId.parse(id, NOW).birthYear()).isEqualTo(birthYear);
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345", "", "0740850001234", "07408500012a", " 74085000123", "074085000123\n",
            "999085000123", "000085000123", "003085000123", "074299000123", "074327000123", "074485000123",
            "074885000123"})
    void refusesMalformedUnknownProvinceAndFutureBirthYear(String id) {
        assertThatThrownBy(() -> PersonalId.parse(id, NOW))
                .isInstanceOfSatisfying(HubException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PERSONAL_ID);
                    assertThat(e.errors()).singleElement().extracting(HubException.FieldProblem::field)
                            .isEqualTo("personalId");
                    assertThat(e.getMessage()).doesNotContain(id.isBlank() ? "\u0000" : id.trim());
                });
    }

    @org.junit.jupiter.api.Test
    void refusesNull() {
        assertThatThrownBy(() -> PersonalId.parse(null, NOW)).isInstanceOf(HubException.class);
    }

    @org.junit.jupiter.api.Test
    void aBirthYearBecomesValidWhenItsYearComes() {
        assertThatThrownBy(() -> PersonalId.parse("074227000123", Year.of(2026))).isInstanceOf(HubException.class);
        assertThat(PersonalId.parse("074227000123", Year.of(2027)).birthYear()).isEqualTo(2027);
    }
}
