package vn.lgsp.hub.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.io.ClassPathResource;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Swagger UI on the hub's contract ({@code /v3/api-docs}) at {@code /swagger-ui/}, in the dev profile
 * only: the webjar's files, with this project's {@code swagger-ui/swagger-initializer.js} pointing it
 * at the hub's document instead of the demo one.
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
class SwaggerUi implements WebMvcConfigurer {

    static final String PATH = "/swagger-ui/";
    private static final String WEBJAR = "META-INF/resources/webjars/swagger-ui/";

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(PATH + "**")
                .addResourceLocations("classpath:/swagger-ui/", "classpath:/" + WEBJAR + version() + "/");
    }

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addRedirectViewController("/swagger-ui", PATH + "index.html");
        registry.addRedirectViewController(PATH, PATH + "index.html");
    }

    /** The webjar's version, from its Maven metadata: the one on the classpath is the one served. */
    private static String version() {
        Properties pom = new Properties();
        try (InputStream in = new ClassPathResource("META-INF/maven/org.webjars/swagger-ui/pom.properties").getInputStream()) {
            pom.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("the swagger-ui webjar is not on the classpath", e);
        }
        return pom.getProperty("version");
    }
}
