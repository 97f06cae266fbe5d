package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.Filter;
import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.support.StaticWebApplicationContext;

/** Requests Camel's servlet serves are not looked up in Spring MVC's handler mappings; the others are. */
class MvcIntrospectorScopeTest {

    private static final String CACHED = "org.springframework.web.servlet.handler.HandlerMappingIntrospector.CachedResult";

    private final Filter cache = introspector().createCacheFilter();

    private static MvcIntrospectorScope.MvcRequestsOnly introspector() {
        StaticWebApplicationContext context = new StaticWebApplicationContext();
        context.refresh();
        MvcIntrospectorScope.MvcRequestsOnly introspector = new MvcIntrospectorScope.MvcRequestsOnly();
        introspector.setApplicationContext(context);
        introspector.afterPropertiesSet();
        return introspector;
    }

    private static MockHttpServletRequest request(String servletPath, String pathInfo) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", servletPath + pathInfo);
        request.setServletPath(servletPath);
        request.setPathInfo(pathInfo);
        return request;
    }

    /** Runs the request through the cache filter: whether Spring MVC's lookup was cached while the chain ran. */
    private boolean lookedUpInMvc(String servletPath, String pathInfo) throws Exception {
        MockHttpServletRequest request = request(servletPath, pathInfo);
        CachedAttributes chain = new CachedAttributes();
        cache.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isSameAs(request);
        return chain.cachedDuringChain;
    }

    @Test
    void aRequestToTheRestApiGoesOnWithoutAnMvcLookup() throws Exception {
        assertThat(lookedUpInMvc("/api", "/v1/citizens/074085000123")).isFalse();
    }

    @Test
    void aRequestSpringMvcServesIsLookedUpAsBefore() throws Exception {
        assertThat(lookedUpInMvc("", "/actuator/health")).isTrue();
    }

    /** Notes whether Spring MVC's lookup was cached on the request while the rest of the chain ran. */
    private static final class CachedAttributes extends MockFilterChain {
        boolean cachedDuringChain;

        @Override
        public void doFilter(jakarta.servlet.ServletRequest request, jakarta.servlet.ServletResponse response)
                throws java.io.IOException, jakarta.servlet.ServletException {
            cachedDuringChain = Collections.list(request.getAttributeNames()).stream().anyMatch(a -> a.startsWith(CACHED));
            super.doFilter(request, response);
        }
    }
}
