package vn.lgsp.hub.console;

import java.time.Duration;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's pages, {@code static/console/} at {@code /console/} ({@code /console} redirects there),
 * and the one WebJar they use, uPlot, at {@code /webjars/uplot/<version>/}. Nothing else is served as a
 * static file ({@code spring.web.resources.add-mappings: false}).
 */
@Configuration(proxyBeanMethods = false)
class ConsoleResources implements WebMvcConfigurer {

    static final String ROOT = "/console/";
    static final String WEBJARS = "/webjars/uplot/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // revalidated on each use (a 304 when unchanged): a new hub's pages are used at once; the page
        // itself is never stored (ConsoleHeadersFilter)
        registry.addResourceHandler(ROOT + "**").addResourceLocations("classpath:/static/console/")
                .setCacheControl(CacheControl.noCache());
        // the path names the version: kept a year
        registry.addResourceHandler(WEBJARS + "**").addResourceLocations("classpath:/META-INF/resources/webjars/uplot/")
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/console", ROOT);
        registry.addViewController(ROOT).setViewName("forward:" + ROOT + "index.html");
    }
}
