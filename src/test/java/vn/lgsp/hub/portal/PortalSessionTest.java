package vn.lgsp.hub.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The hub's session at the portal: one login, kept for its time to live, renewed when it expires or is refused. */
class PortalSessionTest {

    private static final String LOGIN = "/dvcqg/api/v1/login";
    private WireMockServer portal;

    @BeforeEach
    void start() {
        portal = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        portal.start();
        portal.stubFor(post(urlPathEqualTo(LOGIN)).inScenario("sessions").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(okJson("{\"session\":\"first\",\"error_code\":0}")).willSetStateTo("second"));
        portal.stubFor(post(urlPathEqualTo(LOGIN)).inScenario("sessions").whenScenarioStateIs("second")
                .willReturn(okJson("{\"session\":\"second\",\"error_code\":\"0\"}")));
    }

    @AfterEach
    void stop() {
        portal.stop();
    }

    private PortalSession session(String username, long ttlSeconds) {
        PortalProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "hub.portal.base-url", portal.baseUrl(), "hub.portal.username", username,
                "hub.portal.password", "secret", "hub.portal.dstcode", "DST",
                "hub.portal.session-ttl-seconds", Long.toString(ttlSeconds))))
                .bind("hub.portal", PortalProperties.class).get();
        return new PortalSession(properties, new ObjectMapper());
    }

    @Test
    void oneLoginServesEveryCallUntilTheSessionIsSaidToHaveExpired() {
        PortalSession session = session("hub", 600);

        assertThat(session.current()).isEqualTo("first");
        assertThat(session.current()).isEqualTo("first");
        session.expired("an older session");
        assertThat(session.current()).isEqualTo("first");
        session.expired("first");

        assertThat(session.current()).isEqualTo("second");
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(LOGIN)))).hasSize(2);
        assertThat(portal.findAll(postRequestedFor(urlPathEqualTo(LOGIN))).get(0).getHeader("dstcode")).isEqualTo("DST");
    }

    @Test
    void aSessionOlderThanItsTimeToLiveIsRenewed() throws InterruptedException {
        PortalSession session = session("hub", 1);

        assertThat(session.current()).isEqualTo("first");
        Thread.sleep(1_100);

        assertThat(session.current()).isEqualTo("second");
    }

    @Test
    void aRefusedOrUnconfiguredLoginIsAFailureThatNamesNoCredential() {
        portal.stubFor(post(urlPathEqualTo(LOGIN)).atPriority(1)
                .willReturn(okJson("{\"error_code\":\"-1\",\"message\":\"Sai mật khẩu\"}")));

        assertThatThrownBy(() -> session("hub", 600).current()).isInstanceOf(PortalFailureException.class)
                .hasMessage("The portal refused the hub's login (error_code -1)");
        assertThatThrownBy(() -> session("", 600).current()).isInstanceOf(PortalFailureException.class)
                .hasMessage("The portal's account is not configured (hub.portal.username)");
    }
}
