package vn.lgsp.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The checks a request identified by a console session must pass when its method may change something
 * (anything but GET, HEAD and OPTIONS): it comes from the hub's own pages, not from another site
 * ({@code Sec-Fetch-Site} not {@code cross-site}, an {@code Origin} if any that is the hub's own), and
 * it carries the session's token in {@value #TOKEN_HEADER}. The cookie's {@code SameSite=Strict} already
 * keeps it off cross-site requests in current browsers; these checks do not rely on that.
 */
final class CrossSite {

    static final String TOKEN_HEADER = "X-CSRF-Token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    private CrossSite() {
    }

    static boolean unsafe(HttpServletRequest request) {
        return !SAFE_METHODS.contains(request.getMethod());
    }

    /** Why the request was sent from another site, or null when nothing says it was. */
    static String foreignOrigin(HttpServletRequest request) {
        if ("cross-site".equalsIgnoreCase(request.getHeader("Sec-Fetch-Site"))) {
            return "The request was sent from another site";
        }
        String origin = request.getHeader("Origin");
        if (origin != null && !sameOrigin(origin, request.getHeader("Host"))) {
            return "The request was sent from another origin";
        }
        return null;
    }

    /** Why an unsafe request may not use the session, or null when it may. */
    static String refusal(HttpServletRequest request, ConsoleSession session) {
        String foreign = foreignOrigin(request);
        if (foreign != null) {
            return foreign;
        }
        List<String> tokens = Collections.list(request.getHeaders(TOKEN_HEADER));
        if (tokens.size() != 1 || !MessageDigest.isEqual(tokens.get(0).getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            return TOKEN_HEADER + " is missing or is not the session's token";
        }
        return null;
    }

    /**
     * Whether an {@code Origin} ({@code scheme://host[:port]}) names the host and port the request was
     * sent to ({@code Host}, which the load balancer passes on as the browser sent it). The scheme is not
     * compared: behind a proxy that ends TLS the hub sees plain http.
     */
    static boolean sameOrigin(String origin, String host) {
        int separator = origin.indexOf("://");
        if (host == null || separator < 0) {
            // "null" (a sandboxed or privacy-sensitive context) or malformed: not the hub's own
            return false;
        }
        String scheme = origin.substring(0, separator).toLowerCase(Locale.ROOT);
        String defaultPort = switch (scheme) {
            case "http" -> ":80";
            case "https" -> ":443";
            default -> null;
        };
        if (defaultPort == null) {
            return false;
        }
        return withoutPort(origin.substring(separator + 3), defaultPort)
                .equalsIgnoreCase(withoutPort(host.trim(), defaultPort));
    }

    private static String withoutPort(String authority, String defaultPort) {
        return authority.endsWith(defaultPort)
                ? authority.substring(0, authority.length() - defaultPort.length()) : authority;
    }
}
