package vn.lgsp.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.security.SecurityProperties;
import vn.lgsp.hub.security.SessionCredential;

/**
 * The console's sessions: the servlet container's, in memory on the instance that created them
 * (docs/console.md). Each holds a {@link ConsoleSession}. A session is live while it has been used
 * within {@code hub.console.idle-timeout} (the container ends it otherwise), was signed in less than
 * {@code hub.console.max-age} ago, and its client is still configured; the client's roles and grants
 * are the configured ones of the moment. A client signed in through the identity provider has the roles
 * and grants of its access token at the sign-in, for the session's life (at most its max-age).
 */
@Component
class ConsoleSessions implements SessionCredential {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ConsoleProperties properties;
    private final SecurityProperties security;
    private final Clock clock;

    ConsoleSessions(ConsoleProperties properties, SecurityProperties security, Clock clock) {
        this.properties = properties;
        this.security = security;
        this.clock = clock;
    }

    /** A live session and its client. */
    record Live(HttpSession session, ConsoleSession state, HubClient client) {
    }

    /** The request's live session; one past its absolute lifetime, or whose client is gone, is ended here. */
    Optional<Live> live(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return Optional.empty();
        }
        ConsoleSession state;
        try {
            state = session.getAttribute(ConsoleSession.ATTRIBUTE) instanceof ConsoleSession s ? s : null;
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
        if (state == null) {
            return Optional.empty();
        }
        Optional<HubClient> client = state.tokenClient() != null ? Optional.of(state.tokenClient())
                : security.client(state.clientId());
        if (client.isEmpty() || !clock.instant().isBefore(state.signedInAt().plus(properties.maxAge()))) {
            end(session);
            return Optional.empty();
        }
        return Optional.of(new Live(session, state, client.get()));
    }

    /**
     * A new session for this client, replacing any the request had (so that an identifier known before
     * the sign-in is worth nothing after it), with a fresh CSRF token. A client {@code byToken} (the
     * identity provider's sign-in) is kept as its token gave it; any other, by id.
     */
    ConsoleSession signIn(HttpServletRequest request, HubClient client, boolean byToken) {
        HttpSession previous = request.getSession(false);
        if (previous != null) {
            end(previous);
        }
        HttpSession session = request.getSession(true);
        session.setMaxInactiveInterval((int) Math.min(Integer.MAX_VALUE, properties.idleTimeout().toSeconds()));
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        ConsoleSession state = new ConsoleSession(client.id(),
                Base64.getUrlEncoder().withoutPadding().encodeToString(token), clock.instant(), byToken ? client : null);
        session.setAttribute(ConsoleSession.ATTRIBUTE, state);
        return state;
    }

    static void end(HttpSession session) {
        try {
            session.invalidate();
        } catch (IllegalStateException alreadyInvalidated) {
            // ended meanwhile by another request of the same browser, or by the container
        }
    }

    @Override
    public HubClient authenticate(HttpServletRequest request) throws Refused {
        Optional<Live> live = live(request);
        if (live.isEmpty()) {
            return null;
        }
        if (CrossSite.unsafe(request)) {
            String refusal = CrossSite.refusal(request, live.get().state());
            if (refusal != null) {
                throw new Refused(live.get().client(), ErrorCode.CSRF_REJECTED, refusal);
            }
        }
        return live.get().client();
    }

    ConsoleProperties properties() {
        return properties;
    }
}
