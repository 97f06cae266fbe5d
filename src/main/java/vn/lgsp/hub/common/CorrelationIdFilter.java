package vn.lgsp.hub.common;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Takes the caller's {@code X-Correlation-Id} (or generates one), echoes it on the response, and
 * keeps it in the MDC and as a request attribute for the rest of the request. Runs before
 * authentication so that every answer, 401 included, carries it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class CorrelationIdFilter extends OncePerRequestFilter {

    private final Problems problems;

    CorrelationIdFilter(Problems problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(CorrelationId.HEADER);
        boolean valid = given == null
                || CorrelationId.isValid(given) && Collections.list(request.getHeaders(CorrelationId.HEADER)).size() == 1;
        String correlationId = given != null && valid ? given : CorrelationId.generate();
        request.setAttribute(CorrelationId.KEY, correlationId);
        response.setHeader(CorrelationId.HEADER, correlationId);
        MDC.put(CorrelationId.KEY, correlationId);
        try {
            if (!valid) {
                problems.write(request, response, ErrorCode.INVALID_REQUEST,
                        "X-Correlation-Id must be sent once, 1-64 characters of A-Z, a-z, 0-9, '.', '_' or '-'",
                        List.of(new HubException.FieldProblem(CorrelationId.HEADER, "invalid format")));
                return;
            }
            chain.doFilter(given != null ? request : new WithCorrelationId(request, correlationId), response);
        } finally {
            MDC.remove(CorrelationId.KEY);
        }
    }

    /** Shows a generated correlation id as if the caller had sent it, so routes read one header. */
    private static final class WithCorrelationId extends HttpServletRequestWrapper {

        private final String correlationId;

        WithCorrelationId(HttpServletRequest request, String correlationId) {
            super(request);
            this.correlationId = correlationId;
        }

        @Override
        public String getHeader(String name) {
            return CorrelationId.HEADER.equalsIgnoreCase(name) ? correlationId : super.getHeader(name);
        }

        @Override
        public Enumeration<String> getHeaders(String name) {
            return CorrelationId.HEADER.equalsIgnoreCase(name)
                    ? Collections.enumeration(List.of(correlationId)) : super.getHeaders(name);
        }

        @Override
        public Enumeration<String> getHeaderNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getHeaderNames()));
            names.add(CorrelationId.HEADER);
            return Collections.enumeration(names);
        }
    }
}
