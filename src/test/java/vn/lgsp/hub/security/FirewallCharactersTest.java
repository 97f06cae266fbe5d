package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The firewall's character rules, walked instead of matched, accept exactly what Spring's expressions accept. */
class FirewallCharactersTest {

    private static final Pattern NAME = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");
    private static final Pattern HEADER_VALUE = Pattern.compile("[\\p{IsAssigned}&&[[^\\p{IsControl}]||\\t]]*");

    @Test
    void everyCodePointIsJudgedAsSpringsExpressionsJudgeIt() {
        for (int c = 0; c <= Character.MAX_CODE_POINT; c++) {
            String text = "a" + new String(Character.toChars(c)) + "b";
            assertThat(FirewallCharacters.name(text)).as("U+%04X in a name", c).isEqualTo(NAME.matcher(text).matches());
            assertThat(FirewallCharacters.headerValue(text)).as("U+%04X in a header value", c)
                    .isEqualTo(HEADER_VALUE.matcher(text).matches());
        }
    }

    @Test
    void textsAsTheyArrive() {
        assertThat(FirewallCharacters.name("X-Dossier-Id")).isTrue();
        assertThat(FirewallCharacters.headerValue("Nguyễn Văn An")).isTrue();
        assertThat(FirewallCharacters.headerValue("a\tb")).isTrue();
        assertThat(FirewallCharacters.name("a\tb")).isFalse();
        assertThat(FirewallCharacters.headerValue("a\nb")).isFalse();
        assertThat(FirewallCharacters.headerValue("\uD800")).isTrue();
        assertThat(FirewallCharacters.headerValue("")).isTrue();
    }
}
