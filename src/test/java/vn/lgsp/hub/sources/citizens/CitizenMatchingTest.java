package vn.lgsp.hub.sources.citizens;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.time.Year;
import org.junit.jupiter.api.Test;

/** How the population database matches a name and a birth date, as the hub applies it before and after a call. */
class CitizenMatchingTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void namesAreMatchedInUpperCaseWithoutDiacriticsOrSpaces() {
        assertThat(PopulationNames.normalise("Nguyễn Văn An")).isEqualTo("NGUYENVANAN");
        assertThat(PopulationNames.normalise("Đỗ  Văn\tTư")).isEqualTo("DOVANTU");
        assertThat(PopulationNames.normalise("đặng thị huệ")).isEqualTo("DANGTHIHUE");
        // composed and decomposed forms of the same letters
        assertThat(PopulationNames.normalise("Tr\u1EA7n")).isEqualTo(PopulationNames.normalise("Tra\u0302\u0300n"));
    }

    @Test
    void aBirthDateIsAFullDateOrAYearFrom1900AndNotInTheFuture() {
        assertThat(BirthDate.parse("1985-03-14", TODAY)).isEqualTo(new BirthDate(LocalDate.of(1985, 3, 14), 1985));
        assertThat(BirthDate.parse("1955", TODAY)).isEqualTo(new BirthDate(null, 1955));
        assertThat(BirthDate.parse("1985-02-30", TODAY)).isNull();
        assertThat(BirthDate.parse("14/03/1985", TODAY)).isNull();
        assertThat(BirthDate.parse("1899", TODAY)).isNull();
        assertThat(BirthDate.parse("2026-12-02", TODAY)).isNull();
        assertThat(BirthDate.parse("2027", TODAY)).isNull();
        assertThat(BirthDate.parse("2026-12-01", TODAY)).isNotNull();
        assertThat(BirthDate.parse("1985-3-14", TODAY)).isNull();
        assertThat(BirthDate.parse("19850314", TODAY)).isNull();
        assertThat(BirthDate.parse("+1985", TODAY)).isNull();
        assertThat(BirthDate.parse("1985-03-14 ", TODAY)).isNull();
        assertThat(BirthDate.parse("\u0661\u0669\u0668\u0665", TODAY)).as("digits of another script").isNull();
        assertThat(BirthDate.parse("2000-02-29", TODAY)).isEqualTo(new BirthDate(LocalDate.of(2000, 2, 29), 2000));
        assertThat(BirthDate.parse("1900-02-29", TODAY)).isNull();
        assertThat(new BirthDate(LocalDate.of(1985, 3, 4), 1985).wireValue()).isEqualTo("19850304");
        assertThat(new BirthDate(LocalDate.of(2001, 12, 31), 2001).wireValue()).isEqualTo("20011231");
        assertThat(new BirthDate(null, 1955).wireValue()).isEqualTo("1955");
    }

    @Test
    void theDatabaseWritesDatesAsYyyyMmDd() {
        assertThat(WireDate.parse("19850314")).isEqualTo(LocalDate.of(1985, 3, 14));
        assertThat(WireDate.parse("19850230")).isNull();
        assertThat(WireDate.parse("1985031")).isNull();
        assertThat(WireDate.parse("1985-03-14")).isNull();
        assertThat(WireDate.parse(null)).isNull();
        assertThat(WireDate.format(LocalDate.of(1907, 1, 9))).isEqualTo("19070109");
    }

    @Test
    void aNameIsLettersOfAnyScriptWithTheirMarksSpacesApostrophesHyphensAndDots() {
        assertThat(CitizenSubjects.validName("Nguyễn Văn An")).isTrue();
        assertThat(CitizenSubjects.validName("Tra\u0302\u0300n Thị O'Neil-Hà Jr.")).isTrue();
        assertThat(CitizenSubjects.validName("H\u01B0\u0301")).isTrue();
        assertThat(CitizenSubjects.validName("\u0301An")).as("a mark may open the name, as before").isTrue();
        assertThat(CitizenSubjects.validName("\uD840\uDC00 An")).as("a letter outside the BMP").isTrue();
        assertThat(CitizenSubjects.validName("a".repeat(100))).isTrue();
        assertThat(CitizenSubjects.validName("a".repeat(101))).isFalse();
        assertThat(CitizenSubjects.validName("\uD840\uDC00".repeat(100))).as("100 characters, 200 chars").isTrue();
        assertThat(CitizenSubjects.validName("")).isFalse();
        assertThat(CitizenSubjects.validName(" An")).isFalse();
        assertThat(CitizenSubjects.validName("-An")).isFalse();
        assertThat(CitizenSubjects.validName("An 2")).isFalse();
        assertThat(CitizenSubjects.validName("An\tBinh")).isFalse();
        assertThat(CitizenSubjects.validName("An<b>")).isFalse();
    }

    @Test
    void aStoredCopyMatchesTheNameAndTheDateOrItsYear() throws Exception {
        PersonalId id = PersonalId.parse("074085000123", Year.of(2026));
        var copy = JSON.readTree("{\"fullName\":\"Nguyễn Văn An\",\"dateOfBirth\":\"1985-03-14\",\"birthYear\":1985}");
        var yearOnly = JSON.readTree("{\"fullName\":\"Nguyễn Văn An\",\"dateOfBirth\":null,\"birthYear\":1985}");

        assertThat(query(id, "NGUYEN VAN AN", "1985-03-14").matches(copy)).isTrue();
        assertThat(query(id, "Nguyễn Văn An", "1985").matches(copy)).isTrue();
        assertThat(query(id, "Nguyễn Văn An", "1985-03-15").matches(copy)).isFalse();
        assertThat(query(id, "Nguyễn Văn Ân", "1985-03-14").matches(copy)).as("diacritics do not matter").isTrue();
        assertThat(query(id, "Nguyễn Văn Anh", "1985-03-14").matches(copy)).isFalse();
        assertThat(query(id, "Nguyễn Văn An", "1985-07-01").matches(yearOnly)).isTrue();
        assertThat(query(id, "Nguyễn Văn An", "1986").matches(yearOnly)).isFalse();
    }

    private static CitizenQuery query(PersonalId id, String name, String birth) {
        return new CitizenQuery(id, name, BirthDate.parse(birth, TODAY), "1.001612", "CB-1", "A-1", null);
    }
}
