package vn.lgsp.hub.console;

import java.util.Set;
import org.springframework.boot.web.server.Cookie.SameSite;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.server.AbstractServletWebServerFactory;
import org.springframework.boot.web.servlet.server.Session;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;

/**
 * The container's session cookie is the console's, the only user of sessions: {@value #NAME},
 * {@code HttpOnly}, {@code SameSite=Strict}, {@code Path=/}, {@code Secure} with
 * {@code hub.console.secure-cookie}; sessions tracked by that cookie only (never an id in a URL), and
 * ended after {@code hub.console.idle-timeout} unused. Applied after Spring Boot's
 * {@code server.servlet.session.*}, which it overrides.
 */
@Component
class ConsoleCookie implements WebServerFactoryCustomizer<AbstractServletWebServerFactory>, Ordered {

    static final String NAME = "LGSP_CONSOLE";

    private final ConsoleProperties properties;

    ConsoleCookie(ConsoleProperties properties) {
        this.properties = properties;
    }

    @Override
    public void customize(AbstractServletWebServerFactory factory) {
        Session session = factory.getSession();
        session.setTimeout(properties.idleTimeout());
        session.setTrackingModes(Set.of(Session.SessionTrackingMode.COOKIE));
        session.setPersistent(false);
        session.getCookie().setName(NAME);
        session.getCookie().setHttpOnly(true);
        session.getCookie().setSecure(properties.secureCookie());
        session.getCookie().setSameSite(SameSite.STRICT);
        session.getCookie().setPath("/");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
