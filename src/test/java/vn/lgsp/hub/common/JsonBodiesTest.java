package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which declared media types a JSON body is read under; the rest are 415 before a byte is parsed. */
class JsonBodiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"application/json", "application/json; charset=UTF-8", "application/json;charset=utf-8",
            "APPLICATION/JSON", "application/merge-patch+json"})
    void jsonInUtf8IsRead(String contentType) {
        assertThatCode(() -> JsonBodies.requireJson(contentType)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "text/plain", "application/xml", "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=b", "application/json; charset=ISO-8859-1", "application/json; charset=x-bogus",
            "application/jsonx", "json", "application/", ";;;"})
    void anythingElseIs415(String contentType) {
        assertThatThrownBy(() -> JsonBodies.requireJson(contentType))
                .isInstanceOfSatisfying(HubException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED_MEDIA_TYPE));
    }
}
