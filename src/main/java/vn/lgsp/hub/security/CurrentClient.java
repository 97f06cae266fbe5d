package vn.lgsp.hub.security;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/** The authenticated client of the request being served. */
public final class CurrentClient {

    private CurrentClient() {
    }

    public static HubClient get() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication != null && authentication.getPrincipal() instanceof HubClient client ? client : null;
    }

    public static HubClient require() {
        HubClient client = get();
        if (client == null) {
            throw new HubException(ErrorCode.UNAUTHENTICATED, "X-API-Key header is required");
        }
        return client;
    }
}
