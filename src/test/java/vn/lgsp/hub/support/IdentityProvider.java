package vn.lgsp.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * An OpenID Connect provider for the console's OAuth2 login, as Keycloak lays out its endpoints
 * ({@code /realms/<realm>/protocol/openid-connect/auth|token}), played by the mocks' WireMock on
 * {@code localhost}: another site than the hub's {@code 127.0.0.1}, as a real provider is. It signs
 * tokens with a {@link TokenIssuer} the hub trusts. Each test says how the next sign-in goes: the user
 * signs in and gets a token with these claims, or the user refuses, or the token endpoint refuses.
 */
public final class IdentityProvider {

    public static final String REGISTRATION = "lgsp-sso";
    public static final String NAME = "LGSP SSO";
    public static final String CLIENT_ID = "lgsp-hub-console";
    public static final String CLIENT_SECRET = "console-secret";
    public static final String AUTHORIZE = "/sso/realms/lgsp/protocol/openid-connect/auth";
    public static final String TOKEN = "/sso/realms/lgsp/protocol/openid-connect/token";
    /** The code the provider hands back; one per sign-in in a real one, the same here. */
    public static final String CODE = "sso-code-1";

    private final WireMockServer mocks;
    private final TokenIssuer issuer = new TokenIssuer();
    private final List<StubMapping> stubs = new ArrayList<>();

    public IdentityProvider(WireMockServer mocks) {
        this.mocks = mocks;
    }

    public TokenIssuer issuer() {
        return issuer;
    }

    /** The hub trusts this provider's tokens and its console signs in through it. */
    public void register(DynamicPropertyRegistry registry, String folder) {
        issuer.trustedBy(registry, folder);
        String registration = "spring.security.oauth2.client.registration." + REGISTRATION + ".";
        registry.add(registration + "client-id", () -> CLIENT_ID);
        registry.add(registration + "client-secret", () -> CLIENT_SECRET);
        registry.add(registration + "client-name", () -> NAME);
        registry.add(registration + "authorization-grant-type", () -> "authorization_code");
        registry.add(registration + "redirect-uri", () -> "{baseUrl}/console/oauth2/callback");
        registry.add(registration + "scope", () -> "openid");
        registry.add(registration + "provider", () -> REGISTRATION);
        String provider = "spring.security.oauth2.client.provider." + REGISTRATION + ".";
        registry.add(provider + "authorization-uri", () -> base() + AUTHORIZE);
        registry.add(provider + "token-uri", () -> base() + TOKEN);
        registry.add("hub.console.oauth2-registration", () -> REGISTRATION);
        registry.add("hub.console.oauth2-timeout", () -> "3s");
    }

    public String base() {
        return "http://localhost:" + mocks.port();
    }

    /** The user signs in: back to the hub with a code, which the token endpoint exchanges for a token with these claims. */
    public void signsIn(Map<String, Object> claims) {
        answersAuthorization("code=" + CODE + "&state={{urlEncode request.query.state}}");
        stub(mocks.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withHeader("Cache-Control", "no-store")
                .withBody("{\"access_token\":\"" + issuer.token(claims) + "\",\"token_type\":\"Bearer\","
                        + "\"expires_in\":300,\"scope\":\"openid\"}"))));
    }

    /** The user refuses (or cancels) at the provider: back to the hub with {@code error=access_denied}. */
    public void userRefuses() {
        answersAuthorization("error=access_denied&state={{urlEncode request.query.state}}");
    }

    /** The user signs in, but the token endpoint refuses the code ({@code 400 invalid_grant}). */
    public void tokenEndpointRefuses() {
        answersAuthorization("code=" + CODE + "&state={{urlEncode request.query.state}}");
        stub(mocks.stubFor(post(urlPathEqualTo(TOKEN)).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"Code not valid\"}"))));
    }

    private void answersAuthorization(String query) {
        stub(mocks.stubFor(get(urlPathEqualTo(AUTHORIZE)).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "{{request.query.redirect_uri}}?" + query)
                .withTransformers("response-template"))));
    }

    private void stub(StubMapping stub) {
        stubs.add(stub);
    }

    /** What the hub sent to the authorization endpoint (through the browser), oldest first. */
    public List<LoggedRequest> authorizationRequests() {
        return mocks.findAll(getRequestedFor(urlPathEqualTo(AUTHORIZE)));
    }

    /** What the hub sent to the token endpoint, oldest first. */
    public List<LoggedRequest> tokenRequests() {
        return mocks.findAll(postRequestedFor(urlPathEqualTo(TOKEN)));
    }

    /** Its stubs removed (the requests stay in the mocks' journal until it is reset). */
    public void forget() {
        stubs.forEach(mocks::removeStub);
        stubs.clear();
    }
}
