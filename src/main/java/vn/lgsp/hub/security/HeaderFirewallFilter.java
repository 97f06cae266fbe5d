package vn.lgsp.hub.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads every header once, through Spring Security's firewall, before anything else reads them.
 * The firewall checks a header value only when it is read; read first by the routes, a value it
 * refuses (a control character, bytes that are not ISO-8859-1 text) would fail there as a 500.
 * Refused here, it is the firewall's 400, rendered in problem+json by the error controller.
 */
class HeaderFirewallFilter extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String name : Collections.list(request.getHeaderNames())) {
            Collections.list(request.getHeaders(name));
        }
        chain.doFilter(request, response);
    }
}
