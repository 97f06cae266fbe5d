package vn.lgsp.hub.console;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.console.*}: the web console's session (docs/console.md).
 *
 * @param secureCookie whether the session cookie is sent over https only ({@code Secure}); on in production
 * @param idleTimeout a session unused this long ends (the container's max inactive interval), at least 1 s
 * @param maxAge a session ends this long after its sign-in, however active, at least 1 s
 * @param oauth2Registration the {@code spring.security.oauth2.client.registration.<id>} the console signs in
 *                           through (authorization code with PKCE); empty: API keys only
 * @param oauth2Timeout how long the identity provider's token endpoint may take to connect, and to answer
 */
@ConfigurationProperties("hub.console")
record ConsoleProperties(@DefaultValue("false") boolean secureCookie,
                         @DefaultValue("15m") Duration idleTimeout,
                         @DefaultValue("8h") Duration maxAge,
                         @DefaultValue("") String oauth2Registration,
                         @DefaultValue("10s") Duration oauth2Timeout) {

    ConsoleProperties {
        if (idleTimeout.toSeconds() < 1) {
            throw new IllegalArgumentException("hub.console.idle-timeout must be at least 1s");
        }
        if (maxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("hub.console.max-age must be at least 1s");
        }
    }
}
