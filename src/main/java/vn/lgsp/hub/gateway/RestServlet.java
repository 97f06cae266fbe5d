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

    private final String name = "hub-rest-" + CONTEXTS.incrementAndGet();

    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> camelRestServlet(Problems problems) {
        ServletRegistrationBean<CamelHttpTransportServlet> registration =
                new ServletRegistrationBean<>(new WholePathServlet(problems), "/api/*");
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
            setServletResolveConsumerStrategy(new ResolvedOnce(getServletResolveConsumerStrategy()));
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
            request.setAttribute(ResolvedOnce.ATTRIBUTE, consumer);
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
            return text.codePoints().noneMatch(c -> Character.isISOControl(c)
                    || Character.getType(c) == Character.UNASSIGNED || Character.getType(c) == Character.SURROGATE
                    || c == 0xFFFD);
        }
    }

    /**
     * Camel's resolution of a request's route (matching its path against every REST route's), done once:
     * the servlet resolves the route to check the request, and Camel's servlet takes the route it found.
     */
    private static final class ResolvedOnce implements ServletResolveConsumerStrategy {

        static final String ATTRIBUTE = ResolvedOnce.class.getName();

        private final ServletResolveConsumerStrategy strategy;

        ResolvedOnce(ServletResolveConsumerStrategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public HttpConsumer resolve(HttpServletRequest request, Map<String, HttpConsumer> consumers) {
            return request.getAttribute(ATTRIBUTE) instanceof HttpConsumer resolved ? resolved
                    : strategy.resolve(request, consumers);
        }

        @Override
        public boolean isHttpMethodAllowed(HttpServletRequest request, String method, Map<String, HttpConsumer> consumers) {
            return strategy.isHttpMethodAllowed(request, method, consumers);
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
