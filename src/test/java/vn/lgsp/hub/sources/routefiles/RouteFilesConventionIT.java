package vn.lgsp.hub.sources.routefiles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.yaml.snakeyaml.Yaml;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.sources.lookup.SourceRoutes;
import vn.lgsp.hub.sources.settings.SourceSettings;
import vn.lgsp.hub.support.HubIT;

/**
 * The conventions administrators rely on in {@code routes/} (routes/README.md): one file per source named
 * after it, route id {@code source.<name>.fetch}, the shared template or an explicit route
 * configuration, mappers that exist, and every route loaded, started and wired to the shared
 * error handling.
 */
class RouteFilesConventionIT extends HubIT {

    @Autowired
    CamelContext camel;

    @Autowired
    ApplicationContext spring;

    /** The repository's routes/*.yaml as the build copied them for the tests (pom.xml), never the working folder. */
    private static final Path ROUTES = Path.of("target/test-routes");

    @Test
    void everyRouteFileFollowsTheConventions() throws IOException {
        List<Path> files = routeFiles(ROUTES);
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            for (String routeId : checkConventions(file)) {
                Route loaded = camel.getRoute(routeId);
                assertThat(loaded).as(routeId + " is loaded").isNotNull();
                assertThat(loaded.getConfigurationId()).as(routeId + " error handling").isEqualTo(ErrorHandling.SOURCE_ERRORS);
                assertThat(camel.getRouteController().getRouteStatus(routeId)).isEqualTo(ServiceStatus.Started);
            }
        }
    }

    /**
     * routes/examples/ holds sources an administrator may add (routes/README.md): each file follows
     * the same conventions, and its settings document is one the admin API accepts as it is.
     */
    @Test
    void everyExampleFollowsTheConventionsAndHasValidSettings() throws IOException {
        List<Path> files = routeFiles(Path.of("routes/examples"));
        assertThat(files).isNotEmpty();
        for (Path file : files) {
            checkConventions(file);
            String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
            Path settings = file.resolveSibling(name + ".settings.json");
            assertThat(settings).as(file + ": its settings").exists();
            SourceSettings example = JSON.readValue(settings.toFile(), SourceSettings.class).named(name);
            assertThat(example.problems(sources.subjectsParsedByHub(name))).as(settings + " is valid").isEmpty();
        }
    }

    /** The file's route ids, once each element is checked against the conventions. */
    private List<String> checkConventions(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        String name = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        for (Map<String, Object> element : elements(file)) {
            assertThat(element.keySet()).as(file + ": each element is a route or a templated route")
                    .containsAnyOf("route", "templatedRoute");
            String routeId;
            if (element.containsKey("templatedRoute")) {
                Map<String, Object> templated = map(element.get("templatedRoute"));
                routeId = (String) templated.get("routeId");
                assertThat(templated.get("routeTemplateRef")).as(file + ": template").isEqualTo(SourceRoutes.TEMPLATE);
                Map<String, String> parameters = parameters(templated);
                assertThat(parameters.get("source")).as(file + ": source parameter").isEqualTo(name);
                assertThat(spring.containsBean(parameters.get("mapper"))).as(file + ": mapper bean exists").isTrue();
                assertThat(parameters.get("path")).as(file + ": path").startsWith("/");
            } else {
                Map<String, Object> route = map(element.get("route"));
                routeId = (String) route.get("id");
                assertThat(route.get("routeConfigurationId")).as(file + ": routeConfigurationId")
                        .isEqualTo(ErrorHandling.SOURCE_ERRORS);
            }
            assertThat(routeId).as(file + ": route id").isEqualTo("source." + name + ".fetch");
            ids.add(routeId);
        }
        return ids;
    }

    @Test
    void everyConfiguredSourceHasItsRouteFile() throws IOException {
        List<String> names = routeFiles(ROUTES).stream()
                .map(f -> f.getFileName().toString().replaceFirst("\\.yaml$", "")).toList();

        assertThat(names).containsAll(sources.names());
    }

    private static List<Path> routeFiles(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(directory, "*.yaml")) {
            dir.forEach(files::add);
        }
        return files;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> elements(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Object document = new Yaml().load(reader);
            assertThat(document).as(file + " is a YAML list").isInstanceOf(List.class);
            return (List<Map<String, Object>>) document;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> parameters(Map<String, Object> templated) {
        Map<String, String> parameters = new java.util.HashMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) templated.get("parameters")) {
            parameters.put((String) p.get("name"), String.valueOf(p.get("value")));
        }
        return parameters;
    }
}
