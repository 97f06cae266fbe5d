package vn.lgsp.hub.gateway;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.handler.HandlerMappingIntrospector;

/**
 * Spring Security, with Spring MVC present, runs every request past all of Spring MVC's handler
 * mappings first ({@link HandlerMappingIntrospector#createCacheFilter()}), so that its MVC-based rules
 * and CORS can reuse the match. The API is served by Camel's servlet ({@link RestServlet}), and the
 * security rules match path patterns ({@code SecurityConfig}): for those requests the match is never used, and it was
 * a tenth of a lookup's allocation (BENCHMARKS.md). Requests Spring MVC serves (actuator, API
 * documents, errors) are looked up as before.
 */
@Configuration(proxyBeanMethods = false)
class MvcIntrospectorScope {

    /** The bean Spring MVC defines and Spring Security asks for by name. */
    static final String INTROSPECTOR = "mvcHandlerMappingIntrospector";
    @Bean
    static BeanDefinitionRegistryPostProcessor mvcIntrospectorForMvcRequestsOnly() {
        return new BeanDefinitionRegistryPostProcessor() {
            @Override
            public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
                if (registry.containsBeanDefinition(INTROSPECTOR)) {
                    boolean lazy = registry.getBeanDefinition(INTROSPECTOR).isLazyInit();
                    registry.removeBeanDefinition(INTROSPECTOR);
                    RootBeanDefinition scoped = new RootBeanDefinition(MvcRequestsOnly.class);
                    scoped.setLazyInit(lazy);
                    registry.registerBeanDefinition(INTROSPECTOR, scoped);
                }
            }
        };
    }

    /** Spring MVC's introspector, whose request cache skips the requests Camel's servlet serves. */
    static class MvcRequestsOnly extends HandlerMappingIntrospector {

        @Override
        public Filter createCacheFilter() {
            Filter cache = super.createCacheFilter();
            return (request, response, chain) -> {
                if (request instanceof HttpServletRequest http && RestServlet.SERVLET_PATH.equals(http.getServletPath())) {
                    chain.doFilter(request, response);
                } else {
                    cache.doFilter(request, response, chain);
                }
            };
        }
    }
}
