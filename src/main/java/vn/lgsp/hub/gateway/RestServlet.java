package vn.lgsp.hub.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.component.servlet.ServletComponent;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpRestConsumerPath;
import org.apache.camel.http.common.ServletResolveConsumerStrategy;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;
import vn.lgsp.hub.sources.lookup.LookupParameters;

/**
 * The servlet the REST DSL's routes answer on: Camel's servlet on {@code /api/*}, seeing each request's
 * whole path, so routes declare the paths clients call ({@code /api/v1/citizens/{personalId}}). A
 * request is routed on the container's thread from start to answer, with no asynchronous hand-over.
 * <p>
 * Before a route sees a request, the servlet answers in problem+json what no route could: a path no
 * route has (404), a method the path does not have, unknown methods and TRACE included (405 with
 * {@code Allow}), and a malformed query string (400). A data lookup takes nothing from the query
 * string; its malformed query string is refused by the lookup itself, so that it is a ledger row.
 */
@Configuration(proxyBeanMethods = false)
class RestServlet {

    /** Camel keeps its servlets in one registry per JVM: each application context has its own name. */
    private static final AtomicInteger CONTEXTS = new AtomicInteger();
    /** The detail of a malformed query string's problem, wherever it is refused. */
    static final String MALFORMED_QUERY_DETAIL = "The query string is malformed";
    /** Set on a lookup's request whose query string was malformed: {@link #malformedQuery(HttpServletRequest)}. */
    private static final String MALFORMED_QUERY = RestServlet.class.getName() + ".malformedQuery";
    /** Tomcat's mark of a query string or form it could not parse (its {@code Globals.PARAMETER_PARSE_FAILED_ATTR}). */
    private static final String TOMCAT_PARSE_FAILED = "org.apache.catalina.parameter_parse_failed";
    /**
     * The methods a route may declare, in the order {@code Allow} names them (not Camel's own
     * {@code CamelServlet.METHODS}, which holds OPTIONS, TRACE and CONNECT too).
     */
    private static final List<String> ROUTE_METHODS = List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");

    /** The servlet path of every request the REST DSL's routes answer. */
    static final String SERVLET_PATH = "/api";

    private final String name = "hub-rest-" + CONTEXTS.incrementAndGet();

    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> camelRestServlet(Problems problems) {
        ServletRegistrationBean<CamelHttpTransportServlet> registration =
                new ServletRegistrationBean<>(new WholePathServlet(problems), SERVLET_PATH + "/*");
        registration.setName(name);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /** The REST DSL's consumers, created as the routes start, register with this context's servlet. */
    @Bean
    CamelContextConfiguration restServletName() {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext camelContext) {
                camelContext.getComponent("servlet", ServletComponent.class).setServletName(name);
            }

            @Override
            public void afterApplicationStart(CamelContext camelContext) {
                // nothing to do once started
            }
        };
    }

    /** Whether the lookup's query string was malformed (its parameters are then hidden from the route). */
    static boolean malformedQuery(HttpServletRequest request) {
        return request != null && request.getAttribute(MALFORMED_QUERY) != null;
    }

    /**
     * Camel's servlet, given the whole path under the application's context as its path info: the
     * servlet path and the path info the container decoded and normalised ({@code /api} + {@code /v1/...}).
     */
    static final class WholePathServlet extends CamelHttpTransportServlet {

        private final transient Problems problems;

        WholePathServlet(Problems problems) {
            this.problems = problems;
            setServletResolveConsumerStrategy(getServletResolveConsumerStrategy());
        }

        /**
         * Whatever resolution Camel sets (its servlet sets the REST DSL's as it starts) is used through
         * the index: {@link IndexedResolution}.
         */
        @Override
        public void setServletResolveConsumerStrategy(ServletResolveConsumerStrategy strategy) {
            super.setServletResolveConsumerStrategy(strategy instanceof IndexedResolution ? strategy
                    : new IndexedResolution(strategy));
        }

        private void routesChanged() {
            if (getServletResolveConsumerStrategy() instanceof IndexedResolution indexed) {
                indexed.routesChanged();
            }
        }

        @Override
        public void connect(HttpConsumer consumer) {
            super.connect(consumer);
            routesChanged();
        }

        @Override
        public void disconnect(HttpConsumer consumer) {
            super.disconnect(consumer);
            routesChanged();
        }

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) {
            String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
            super.service(new HttpServletRequestWrapper(request) {
                @Override
                public String getServletPath() {
                    return "";
                }

                @Override
                public String getPathInfo() {
                    return path;
                }
            }, response);
        }

        @Override
        protected void doService(HttpServletRequest request, HttpServletResponse response) throws Exception {
            // Camel resolves OPTIONS to any route of the path and answers it itself; the hub has no OPTIONS
            HttpConsumer consumer = "OPTIONS".equals(request.getMethod()) ? null
                    : getServletResolveConsumerStrategy().resolve(request, getConsumers());
            if (consumer == null) {
                refuseRoute(request, response);
                return;
            }
            request.setAttribute(IndexedResolution.ATTRIBUTE, consumer);
            boolean lookup = GatewayRoutes.isLookup(consumer.getRouteId());
            if (!wellFormedQuery(request)) {
                if (!lookup) {
                    problems.write(request, response, ErrorCode.INVALID_REQUEST, MALFORMED_QUERY_DETAIL,
                            List.of());
                    return;
                }
                request.setAttribute(MALFORMED_QUERY, Boolean.TRUE);
            }
            if (lookup && request.getAttribute(MALFORMED_QUERY) == null && request.getQueryString() != null) {
                request.setAttribute(LookupParameters.ATTRIBUTE, Map.copyOf(request.getParameterMap()));
            }
            super.doService(lookup ? new WithoutParameters(request) : request, response);
        }

        /** 404 for a path no route has; 405 with the methods it has, for any other method. */
        private void refuseRoute(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Map<String, HttpConsumer> consumers = getConsumers();
            String allowed = ROUTE_METHODS.stream()
                    .filter(m -> getServletResolveConsumerStrategy().isHttpMethodAllowed(request, m, consumers))
                    .collect(Collectors.joining(", "));
            if (allowed.isEmpty()) {
                problems.write(request, response, HttpServletResponse.SC_NOT_FOUND);
                return;
            }
            response.setHeader("Allow", allowed);
            problems.write(request, response, HttpServletResponse.SC_METHOD_NOT_ALLOWED);
        }

        /**
         * Reads the parameters once: Tomcat marks a query string it could not decode, and a name or value
         * holding a control or unassigned character is refused too (Spring Security's firewall refuses
         * some of them as they are read).
         */
        private static boolean wellFormedQuery(HttpServletRequest request) {
            if (request.getQueryString() == null) {
                return true;
            }
            Map<String, String[]> parameters;
            try {
                parameters = request.getParameterMap();
            } catch (RuntimeException refused) {
                return false;
            }
            if (request.getAttribute(TOMCAT_PARSE_FAILED) != null) {
                return false;
            }
            for (Map.Entry<String, String[]> parameter : parameters.entrySet()) {
                if (!printable(parameter.getKey())) {
                    return false;
                }
                for (String value : parameter.getValue()) {
                    if (!printable(value)) {
                        return false;
                    }
                }
            }
            return true;
        }

        private static boolean printable(String text) {
            for (int i = 0; i < text.length(); ) {
                int c = text.codePointAt(i);
                i += Character.charCount(c);
                if (c < 0x80 ? c < 0x20 || c == 0x7F : Character.isISOControl(c)
                        || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.SURROGATE
                        || c == 0xFFFD) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * Camel's resolution of a request's route, with Camel's rules and without its cost: Camel matches the
     * path against every REST route's by splitting both for each route, on every request; here each
     * route's path is split once, when the route connects, and a request's path is compared in place.
     * A route whose path equals the request's wins, then the matching template with the fewest
     * {@code {placeholders}}. What the index cannot answer (no route matches, or only routes without
     * placeholders could, where Camel also matches on prefixes) is left to Camel's own strategy, so the
     * 404 and 405 answers stay Camel's. The route found is kept on the request: the servlet resolves it
     * to check the request, and Camel's servlet takes the route it found.
     */
    static final class IndexedResolution implements ServletResolveConsumerStrategy {

        static final String ATTRIBUTE = IndexedResolution.class.getName();

        private final ServletResolveConsumerStrategy camels;
        /** Counts the routes connecting and leaving: an index made before the last change is made again. */
        private final AtomicInteger changes = new AtomicInteger();
        private volatile Index index = new Index(-1, List.of());

        private record Index(int changes, List<RoutePath> routes) {
        }

        IndexedResolution(ServletResolveConsumerStrategy camels) {
            this.camels = camels;
        }

        /** A route connected or left: the next request indexes the routes again. */
        void routesChanged() {
            changes.incrementAndGet();
        }

        @Override
        public HttpConsumer resolve(HttpServletRequest request, Map<String, HttpConsumer> consumers) {
            if (request.getAttribute(ATTRIBUTE) instanceof HttpConsumer resolved) {
                return resolved;
            }
            HttpConsumer found = find(request.getMethod(), request.getPathInfo(), consumers);
            return found != null ? found : camels.resolve(request, consumers);
        }

        @Override
        public boolean isHttpMethodAllowed(HttpServletRequest request, String method, Map<String, HttpConsumer> consumers) {
            return camels.isHttpMethodAllowed(request, method, consumers);
        }

        /** The route for a method and path as Camel's REST matching would pick it, or null if the index cannot tell. */
        HttpConsumer find(String method, String path, Map<String, HttpConsumer> consumers) {
            if (method == null || path == null || "OPTIONS".equalsIgnoreCase(method)) {
                return null;
            }
            Index current = index;
            int now = changes.get();
            if (current.changes() != now) {
                current = new Index(now, consumers.values().stream().map(RoutePath::new).toList());
                index = current;
            }
            List<RoutePath> routes = current.routes();
            int start = path.startsWith("/") ? 1 : 0;
            int end = path.length() > start && path.endsWith("/") ? path.length() - 1 : path.length();
            RoutePath best = null;
            for (RoutePath route : routes) {
                if (!route.allows(method) || !route.matches(path, start, end)) {
                    continue;
                }
                if (route.placeholders == 0) {
                    return route.consumer;
                }
                if (best == null || route.placeholders < best.placeholders) {
                    best = route;
                }
            }
            return best == null ? null : best.consumer;
        }
    }

    /** A REST route's method and path, split once: literal segments compared ignoring case, placeholders match any segment. */
    private static final class RoutePath {

        private final HttpConsumer consumer;
        private final String methods;
        private final String[] segments;
        private final int placeholders;

        RoutePath(HttpConsumer consumer) {
            HttpRestConsumerPath path = new HttpRestConsumerPath(consumer);
            this.consumer = consumer;
            this.methods = path.getRestrictMethod();
            String template = path.getConsumerPath() == null ? "" : path.getConsumerPath();
            template = template.startsWith("/") ? template.substring(1) : template;
            template = template.endsWith("/") ? template.substring(0, template.length() - 1) : template;
            this.segments = template.split("/", -1);
            int count = 0;
            for (String segment : segments) {
                if (isPlaceholder(segment)) {
                    count++;
                }
            }
            this.placeholders = count;
        }

        private static boolean isPlaceholder(String segment) {
            return segment.startsWith("{") && segment.endsWith("}");
        }

        /** Camel's rule (the restriction contains the method, ignoring case), without a lower-cased copy per call. */
        boolean allows(String method) {
            if (methods == null) {
                return true;
            }
            for (int i = 0; i + method.length() <= methods.length(); i++) {
                if (methods.regionMatches(true, i, method, 0, method.length())) {
                    return true;
                }
            }
            return false;
        }

        /** Whether {@code path[start, end)} has as many segments as the template, each literal one equal ignoring case. */
        boolean matches(String path, int start, int end) {
            int from = start;
            for (int i = 0; i < segments.length; i++) {
                int slash = path.indexOf('/', from);
                int to = slash < 0 || slash >= end ? end : slash;
                boolean last = i == segments.length - 1;
                if (last != (to == end)) {
                    return false;
                }
                String segment = segments[i];
                if (!isPlaceholder(segment)
                        && (segment.length() != to - from || !path.regionMatches(true, from, segment, 0, to - from))) {
                    return false;
                }
                from = to + 1;
            }
            return true;
        }
    }

    /** A lookup's request as its route sees it: no parameters, so nothing in the query string stands for a header. */
    private static final class WithoutParameters extends HttpServletRequestWrapper {

        WithoutParameters(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            return null;
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return Map.of();
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.emptyEnumeration();
        }

        @Override
        public String[] getParameterValues(String name) {
            return null;
        }
    }
}
