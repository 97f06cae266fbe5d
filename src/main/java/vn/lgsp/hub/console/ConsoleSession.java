package vn.lgsp.hub.console;

import java.io.Serializable;
import java.time.Instant;

/**
 * What a console session holds (one attribute of the container's session): the client that signed
 * in, by id only (its key is never kept; its roles and grants are read from the configuration on each
 * request), the session's CSRF token and the instant of the sign-in, from which its absolute lifetime
 * counts.
 */
record ConsoleSession(String clientId, String csrfToken, Instant signedInAt) implements Serializable {

    static final String ATTRIBUTE = ConsoleSession.class.getName();
}
