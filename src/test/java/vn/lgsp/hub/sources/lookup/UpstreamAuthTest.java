package vn.lgsp.hub.sources.lookup;

import vn.lgsp.hub.common.Digests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.sources.settings.SourceProperties;

/**
 * The C06 signature and the checks an operator's {@code hub.sources.<name>.auth} configuration
 * passes at start: a broken one stops the hub with a message naming the key, never the value.
 */
class UpstreamAuthTest {

    /**
     * Computed outside the hub: {@code printf '%s' 'https://dancu.example.gov.vn/api/xacthucdev-hub1735689600000dev-c06-secret-key'
     * | sha256sum}, then {@code printf '%s' "dev-hub:<hash>" | base64 -w0}.
     */
    private static final String HASH = "28a11ebdf7b60ad545e42968b770c7ed03cecc33c84c2bf018286300b918d7b9";
    private static final String AUTHORIZATION = "Basic ZGV2LWh1YjoyOGExMWViZGY3YjYwYWQ1NDVlNDI5NjhiNzcwYzdlZDAzY2VjYz"
            + "MzYzg0YzJiZjAxODI4NjMwMGI5MThkN2I5";

    private static SourceProperties.OAuth2 oauth2(String tokenUrl, String id, String secret) {
        return new SourceProperties.OAuth2(tokenUrl, id, secret, null, SourceProperties.ClientAuthentication.BASIC, 60);
    }

    private static SourceProperties.Auth auth(SourceProperties.OAuth2 oauth2, SourceProperties.Signed signed,
                                              Map<String, String> headers) {
        return new SourceProperties.Auth(oauth2, signed, headers);
    }

    private static SourceProperties.Source source(SourceProperties.Auth auth) {
        return new SourceProperties.Source(URI.create("https://api.ngsp.example"), 3000, 1000, true, 64,
                new SourceProperties.CircuitBreaker(50, 20, 10, 30_000, 3), SourceProperties.ReuseMode.FALLBACK,
                86_400, null, Map.of(), auth);
    }

    @Test
    void theSignedAuthorizationIsBasicOfTheUsernameAndTheSha256OfUrlUsernameTimestampSecret() {
        assertThat(Digests.sha256Hex("https://dancu.example.gov.vn/api/xacthuc" + "dev-hub" + "1735689600000"
                + "dev-c06-secret-key")).isEqualTo(HASH);
        assertThat(UpstreamAuth.signedAuthorization("https://dancu.example.gov.vn/api/xacthuc", "dev-hub",
                "1735689600000", "dev-c06-secret-key")).isEqualTo(AUTHORIZATION);
    }

    @Test
    void aTokenPathIsAppendedToTheBaseUrlAndAnAbsoluteTokenUrlKept() {
        assertThat(UpstreamTokens.tokenUrl(oauth2("/token", "a", "b"), URI.create("https://api.ngsp.example/gw/")))
                .isEqualTo(URI.create("https://api.ngsp.example/gw/token"));
        assertThat(UpstreamTokens.tokenUrl(oauth2("https://sso.lgsp.example/oauth2/token", "a", "b"),
                URI.create("https://api.ngsp.example"))).isEqualTo(URI.create("https://sso.lgsp.example/oauth2/token"));
    }

    @Test
    void validConfigurationsHaveNoProblems() {
        assertThat(UpstreamAuth.problems(null)).isEmpty();
        assertThat(UpstreamAuth.problems(auth(oauth2("/ngsp/token", "hub", "s"), null, Map.of()))).isEmpty();
        assertThat(UpstreamAuth.problems(auth(oauth2("https://sso.example/token", "hub", "s"), null,
                Map.of("X-Road-Client", "VN/GOV/000.00.00.H12/LGSP-HUB")))).isEmpty();
        assertThat(UpstreamAuth.problems(auth(null, new SourceProperties.Signed("hub", "s", null),
                Map.of("ApiKey", "k", "X-Road-Client", "VN/GOV/000.00.00.H12/LGSP-HUB")))).isEmpty();
    }

    @Test
    void oauth2AndSignedTogetherAreRefused() {
        assertThat(UpstreamAuth.problems(auth(oauth2("/t", "hub", "s"), new SourceProperties.Signed("hub", "s", null),
                Map.of()))).containsExactly(
                "auth.oauth2 and auth.signed cannot both be set: a call carries one Authorization header");
    }

    @Test
    void missingOrMalformedOauth2SettingsAreNamed() {
        assertThat(UpstreamAuth.problems(auth(oauth2(null, " ", null), null, Map.of()))).containsExactly(
                "auth.oauth2.token-url is required: an http(s) URL or a path under the source's base-url",
                "auth.oauth2.client-id is required",
                "auth.oauth2.client-secret is required");
        assertThat(UpstreamAuth.problems(auth(oauth2("ftp://sso.example/token", "hub", "s"), null, Map.of())))
                .containsExactly("auth.oauth2.token-url must be an http or https URL (or a path starting with /)");
        assertThat(UpstreamAuth.problems(auth(oauth2("https://hub:pw@sso.example/token", "hub", "s"), null, Map.of())))
                .containsExactly("auth.oauth2.token-url must not carry credentials (or a path starting with /)");
        assertThat(UpstreamAuth.problems(auth(oauth2("//sso.example/token", "hub", "s"), null, Map.of())))
                .containsExactly("auth.oauth2.token-url must be a path (one leading /, no query or fragment) "
                        + "or an http(s) URL");
    }

    @Test
    void missingSignedSettingsAreNamed() {
        assertThat(UpstreamAuth.problems(auth(null, new SourceProperties.Signed(null, "", "not a url"), Map.of())))
                .containsExactly("auth.signed.username is required", "auth.signed.secret is required",
                        "auth.signed.url must be an http or https URL");
    }

    @Test
    void headersThatWouldReplaceTheHubsOwnOrBreakTheRequestAreRefused() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer x");
        headers.put("Timestamp", "1");
        headers.put("X Road", "VN/GOV");
        headers.put("ApiKey", "line\r\nInjected: yes");
        assertThat(UpstreamAuth.problems(auth(null, new SourceProperties.Signed("hub", "s", null), headers)))
                .containsExactly(
                        "auth.headers[authorization] is not allowed: Authorization is set by auth.oauth2 or auth.signed",
                        "auth.headers[Timestamp] is not allowed: auth.signed sets Timestamp",
                        "auth.headers has a name that is not a valid HTTP header name",
                        "auth.headers[ApiKey] must have a value of printable ASCII characters");
        // without the signed scheme, a Timestamp header is the operator's own
        assertThat(UpstreamAuth.problems(auth(null, null, Map.of("Timestamp", "1")))).isEmpty();
    }

    @Test
    void aHubConfiguredWithBrokenAuthenticationRefusesToStartNamingTheKeys() {
        SourceProperties properties = new SourceProperties(Map.of("enterprises",
                source(auth(oauth2("/t", "hub", "never-shown"), new SourceProperties.Signed("hub", "never-shown", null),
                        Map.of("Authorization", "never-shown")))), new SourceProperties.Http(2, 100, 256));

        assertThatThrownBy(() -> new Sources(properties, null, List.of(new FixedParser("enterprises")),
                new UpstreamTokens(new SimpleMeterRegistry())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("hub.sources.enterprises cannot run: ")
                .hasMessageContaining("hub.sources.enterprises.auth.oauth2 and auth.signed cannot both be set")
                .hasMessageContaining("hub.sources.enterprises.auth.headers[Authorization] is not allowed")
                .hasMessageNotContaining("never-shown");
    }

    @Test
    void theConfigurationsToStringShowsNoSecret() {
        SourceProperties.Auth auth = auth(oauth2("/t", "hub", "never-shown"),
                new SourceProperties.Signed("hub", "never-shown", null), Map.of("ApiKey", "never-shown"));
        assertThat(source(auth).toString()).doesNotContain("never-shown").contains("ApiKey");
    }

    /** A source whose subjects the hub parses itself. */
    private record FixedParser(String source) implements SubjectParser {
        @Override
        public Subject parse(org.apache.camel.Message request) {
            throw new UnsupportedOperationException("never called at start");
        }

        @Override
        public Subject parse(String subject) {
            throw new UnsupportedOperationException("never called at start");
        }

        @Override
        public String raw(org.apache.camel.Message request) {
            throw new UnsupportedOperationException("never called at start");
        }
    }
}
