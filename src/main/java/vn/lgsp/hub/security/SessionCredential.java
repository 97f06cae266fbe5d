package vn.lgsp.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import vn.lgsp.hub.common.ErrorCode;

/**
 * A credential the hub keeps itself: a browser session of the web console ({@code vn.lgsp.hub.console}).
 * It identifies an API request ({@code /api/**}) that presents no other credential (no {@code X-API-Key},
 * no {@code Authorization} header, no client certificate), as the client that signed in; that client's
 * roles, grants, rate limit and audit identity then apply exactly as to its API key. A request that
 * presents another credential is identified by it alone, and no session is ever created for it.
 */
public interface SessionCredential {

    /**
     * The client the request's live session identifies, or null when it has none (it stays anonymous,
     * so 401). Throws {@link Refused} when the session is live but the request may not use it (an unsafe
     * method without the session's CSRF token, or sent from another site).
     */
    HubClient authenticate(HttpServletRequest request) throws Refused;

    /** A session-identified request refused: counted as a refusal of that client and answered as a problem. */
    final class Refused extends Exception {

        private final transient HubClient client;
        private final ErrorCode code;

        public Refused(HubClient client, ErrorCode code, String detail) {
            super(detail, null, false, false);
            this.client = client;
            this.code = code;
        }

        public HubClient client() {
            return client;
        }

        public ErrorCode code() {
            return code;
        }
    }
}
