package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The character checks the lookup path uses instead of regular expressions. */
class CharactersTest {

    @Test
    void digitsAreAsciiDigitsOnly() {
        assertThat(Characters.digits("074085000123", 12)).isTrue();
        assertThat(Characters.digits("07408500012", 12)).isFalse();
        assertThat(Characters.digits("0740850001234", 12)).isFalse();
        assertThat(Characters.digits("07408500012a", 12)).isFalse();
        // other scripts' digits are not digits of an identifier
        assertThat(Characters.digits("\u0661\u0669\u0668\u0665")).isFalse();
        assertThat(Characters.digits("")).isFalse();
        assertThat(Characters.digits(null)).isFalse();
        assertThat(Characters.digits(null, 4)).isFalse();
        assertThat(Characters.number("19850314", 4, 6)).isEqualTo(3);
    }

    @Test
    void alphanumericTakesLettersDigitsAndTheOthersNamedWithinItsLengths() {
        assertThat(Characters.alphanumeric("HS-2026.000_1", 1, 64, "._-")).isTrue();
        assertThat(Characters.alphanumeric("a".repeat(64), 1, 64, "._-")).isTrue();
        assertThat(Characters.alphanumeric("a".repeat(65), 1, 64, "._-")).isFalse();
        assertThat(Characters.alphanumeric("", 1, 64, "._-")).isFalse();
        assertThat(Characters.alphanumeric("HS 1", 1, 64, "._-")).isFalse();
        assertThat(Characters.alphanumeric("HS/1", 1, 64, "._-")).isFalse();
        assertThat(Characters.alphanumeric("Hồ", 1, 64, "._-")).isFalse();
        assertThat(Characters.alphanumeric(null, 1, 64, "._-")).isFalse();
    }
}
