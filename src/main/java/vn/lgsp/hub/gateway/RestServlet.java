package vn.lgsp.hub.gateway;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.CamelContext;
import org.apache.camel.component.servlet.CamelHttpTransportServlet;
import org.apache.camel.component.servlet.ServletComponent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The servlet the REST DSL's routes answer on: Camel's servlet on {@code /api/*}, seeing each request's
 * whole path, so routes declare the paths clients call ({@code /api/v1/citizens/{personalId}}). A
 * request is routed on the container's thread from start to answer, with no asynchronous hand-over.
 */
@Configuration(proxyBeanMethods = false)
class RestServlet {

    /** Camel keeps its servlets in one registry per JVM: each application context has its own name. */
    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final String name = "hub-rest-" + CONTEXTS.incrementAndGet();

    @Bean
    ServletRegistrationBean<CamelHttpTransportServlet> camelRestServlet() {
        ServletRegistrationBean<CamelHttpTransportServlet> registration =
                new ServletRegistrationBean<>(new WholePathServlet(), "/api/*");
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

    /**
     * Camel's servlet, given the whole path under the application's context as its path info: the
     * servlet path and the path info the container decoded and normalised ({@code /api} + {@code /v1/...}).
     */
    static final class WholePathServlet extends CamelHttpTransportServlet {

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
    }
}
