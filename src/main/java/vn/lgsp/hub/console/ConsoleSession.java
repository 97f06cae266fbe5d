package vn.lgsp.hub.console;

import java.io.Serializable;
import java.time.Instant;
import vn.lgsp.hub.security.HubClient;

/**
 * What a console session holds (one attribute of the container's session): the client that signed
 * in, the session's CSRF token and the instant of the sign-in, from which its absolute lifetime counts.
 * A client that signed in with an API key is kept by id only (its key is never kept; its roles and
 * grants are read from the configuration on each request); one that signed in through the identity
 * provider ({@code tokenClient}) keeps the roles and grants its access token gave at the sign-in, as
 * the hub has no entry of its own for it. No token is kept either.
 */
record ConsoleSession(String clientId, String csrfToken, Instant signedInAt, HubClient tokenClient)
        implements Serializable {

    static final String ATTRIBUTE = ConsoleSession.class.getName();
}
