package vn.lgsp.hub.security;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
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

    /** The request attribute holding the client a request was authenticated as (set once it is authorised). */
    static final String ATTRIBUTE = HubClient.class.getName();

    /**
     * The client a request was authenticated as, read from the request itself: routes that run on
     * another thread than the filters (or on none of the filters' thread-locals) read it from here.
     */
    public static HubClient of(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof HubClient client ? client : null;
    }

    /** Keeps the authorised request's client on the request ({@link #of}): the security chain's last step. */
    static Filter keepOnRequest() {
        return (request, response, chain) -> {
            HubClient client = get();
            if (client != null) {
                request.setAttribute(ATTRIBUTE, client);
            }
            chain.doFilter(request, response);
        };
    }

    public static HubClient require() {
        HubClient client = get();
        if (client == null) {
            throw new HubException(ErrorCode.UNAUTHENTICATED, "X-API-Key header is required");
        }
        return client;
    }
}
