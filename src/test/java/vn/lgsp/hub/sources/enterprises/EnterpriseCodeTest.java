package vn.lgsp.hub.sources.enterprises;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

class EnterpriseCodeTest {

    @ParameterizedTest
    @ValueSource(strings = {"0100233488", "3701453620", "3701453620-001", "3700012341", "3700987651",
            "3701453620-999"})
    void acceptsCodesWithAValidCheckDigit(String code) {
        assertThat(EnterpriseCode.parse(code).value()).isEqualTo(code);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0100233489", "0100233480", "3701453621", "370145362", "37014536200",
            "3701453620-01", "3701453620-000", "3701453620-0001", "3701453620_001", "370145362O", ""})
    void refusesBadFormatBranchAndCheckDigit(String code) {
        assertThatThrownBy(() -> EnterpriseCode.parse(code))
                .isInstanceOfSatisfying(HubException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ENTERPRISE_CODE));
    }

    @org.junit.jupiter.api.Test
    void aSumWhoseCheckWouldBeTenIsInvalidWhateverTheLastDigit() {
        // 000000000x: sum 0, 10 - 0 mod 11 = 10, so no last digit makes it valid
        for (int last = 0; last <= 9; last++) {
            String code = "000000000" + last;
            assertThatThrownBy(() -> EnterpriseCode.parse(code)).isInstanceOf(HubException.class);
        }
    }

    @org.junit.jupiter.api.Test
    void aBranchIsRecognised() {
        assertThat(EnterpriseCode.parse("3701453620-001").isBranch()).isTrue();
        assertThat(EnterpriseCode.parse("3701453620").isBranch()).isFalse();
    }
}
