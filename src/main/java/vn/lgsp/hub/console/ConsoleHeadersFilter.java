package vn.lgsp.hub.console;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The headers of every answer under {@code /console} and {@code /webjars/}: a content security policy
 * that lets the pages load scripts, styles, images, fonts and API answers from the hub only (no inline
 * script, no other origin, never framed), no MIME sniffing, no referrer, and the page itself never
 * stored (it is the entry point of a signed-in session; how long the other files are kept is
 * {@link ConsoleResources}'s).
 */
@Component
class ConsoleHeadersFilter extends OncePerRequestFilter {

    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return !uri.equals("/console") && !uri.startsWith(ConsoleResources.ROOT) && !uri.startsWith("/webjars/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("X-Frame-Options", "DENY");
        String uri = request.getRequestURI();
        if (uri.equals(ConsoleResources.ROOT) || uri.equals(ConsoleResources.ROOT + "index.html")) {
            response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
            chain.doFilter(request, new NeverStored(response));
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The page: no-store, whatever the resource handler's cache policy for the console's other files. */
    private static final class NeverStored extends HttpServletResponseWrapper {

        NeverStored(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            if (!HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name)) {
                super.setHeader(name, value);
            }
        }

        @Override
        public void addHeader(String name, String value) {
            if (!HttpHeaders.CACHE_CONTROL.equalsIgnoreCase(name)) {
                super.addHeader(name, value);
            }
        }
    }
}
