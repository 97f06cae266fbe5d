package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The rules of agency codes, references and procedure codes that dossiers, lookups and reports share. */
class CodesTest {

    @Test
    void aReferenceIsOneToSixtyFourLettersDigitsDotsUnderscoresOrHyphens() {
        assertThat(Codes.isReference("000.00.12.H12")).isTrue();
        assertThat(Codes.isReference("HS-2026_1")).isTrue();
        assertThat(Codes.isReference("a".repeat(64))).isTrue();
        assertThat(Codes.isReference("a".repeat(65))).isFalse();
        assertThat(Codes.isReference("")).isFalse();
        assertThat(Codes.isReference(null)).isFalse();
        assertThat(Codes.isReference("000 00")).isFalse();
        assertThat(Codes.isReference("000/00")).isFalse();
        assertThat(Codes.isReference("H12'--")).isFalse();
        assertThat(Codes.isReference("Đ12")).isFalse();
    }

    @Test
    void aProcedureCodeIsADigitADotAndSixDigits() {
        assertThat(Codes.isProcedureCode("1.001612")).isTrue();
        assertThat(Codes.isProcedureCode("2.000002")).isTrue();
        assertThat(Codes.isProcedureCode("1.00161")).isFalse();
        assertThat(Codes.isProcedureCode("1.0016123")).isFalse();
        assertThat(Codes.isProcedureCode("1-001612")).isFalse();
        assertThat(Codes.isProcedureCode("A.001612")).isFalse();
        assertThat(Codes.isProcedureCode("1.00161a")).isFalse();
        assertThat(Codes.isProcedureCode("unknown")).isFalse();
        assertThat(Codes.isProcedureCode("")).isFalse();
        assertThat(Codes.isProcedureCode(null)).isFalse();
        // other scripts' digits are not digits of a code
        assertThat(Codes.isProcedureCode("1.\u0661\u0660\u0660\u0660\u0660\u0660")).isFalse();
    }
}
