package vn.lgsp.hub.common;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/** Refuses a declared body over 256 KiB before it is read (413); routes check the bytes they read too. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class RequestSizeFilter extends OncePerRequestFilter {

    private final Problems problems;

    RequestSizeFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > JsonBodies.MAX_BYTES) {
            problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE, "The body is over 256 KiB", List.of());
            return;
        }
        chain.doFilter(request, response);
    }
}
