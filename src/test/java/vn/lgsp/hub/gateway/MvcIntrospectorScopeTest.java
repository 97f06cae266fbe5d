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

    @Test
    void aRequestToTheRestApiGoesOnWithoutAnMvcLookup() throws Exception {
        MockHttpServletRequest request = request("/api", "/v1/citizens/074085000123");
        CachedAttributes chain = new CachedAttributes();
        cache.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(chain.cachedDuringChain).isFalse();
    }

    @Test
    void aRequestSpringMvcServesIsLookedUpAsBefore() throws Exception {
        MockHttpServletRequest request = request("", "/actuator/health");
        CachedAttributes chain = new CachedAttributes();
        cache.doFilter(request, new MockHttpServletResponse(), chain);
        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(chain.cachedDuringChain).isTrue();
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
