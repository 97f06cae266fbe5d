package vn.lgsp.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;
import vn.lgsp.hub.LgspHubApplication;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * Two hub instances on one database (docs/design.md, "Live source settings and route files"): the
 * shared test context and a second one started here, with a routes directory of its own and its own
 * embedded broker, so it learns of a change by comparing with the database
 * ({@code hub.route-set.resync-interval-ms}, 1 s in the tests), as an instance that missed the
 * announcement would. A reload or a stop on one is in force on the other.
 */
class RouteSetClusterIT extends HubIT {

    private static final Path ROUTES = Path.of("target/test-routes");
    private static final Path SECOND_ROUTES = Path.of("target/test-routes-second");
    private static final String ENTERPRISE = "/api/v1/enterprises/0100233488";
    private static final Duration IN_FORCE = Duration.ofSeconds(15);

    private static ConfigurableApplicationContext second;
    private static int secondPort;

    @Autowired
    private CamelContext camel;

    @Autowired
    private Environment environment;

    private String enterprisesFile;

    /** The second instance, on this context's database (under H2 the same file, opened in this JVM). */
    @BeforeEach
    void startSecondInstance() throws IOException {
        enterprisesFile = Files.readString(ROUTES.resolve("enterprises.yaml"), StandardCharsets.UTF_8);
        if (second != null) {
            return;
        }
        FileSystemUtils.deleteRecursively(SECOND_ROUTES);
        Files.createDirectories(SECOND_ROUTES);
        for (String file : new String[] {"citizens.yaml", "enterprises.yaml", "land.yaml"}) {
            Files.copy(Path.of("routes", file), SECOND_ROUTES.resolve(file));
        }
        List<String> arguments = new ArrayList<>(SecondContext.arguments("./target/test-data-route-set"));
        arguments.add("--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"));
        arguments.add("--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"));
        arguments.add("--spring.datasource.password=" + environment.getProperty("spring.datasource.password", ""));
        arguments.add("--server.port=0");
        arguments.add("--hub.routes-dir=" + SECOND_ROUTES.toAbsolutePath());
        arguments.add("--hub.criminal-records.base-url=" + MOCKS.baseUrl());
        arguments.add("--hub.portal.base-url=" + MOCKS.baseUrl());
        for (String source : new String[] {"citizens", "enterprises", "land"}) {
            arguments.add("--hub.sources." + source + ".base-url=" + MOCKS.baseUrl());
        }
        second = new SpringApplicationBuilder(LgspHubApplication.class).profiles("dev", "test")
                .run(arguments.toArray(String[]::new));
        secondPort = Integer.parseInt(second.getEnvironment().getRequiredProperty("local.server.port"));
    }

    /** The repository's routes again, none stopped, in the database and on both instances. */
    @AfterEach
    void restoreRoutes() throws IOException {
        Files.writeString(ROUTES.resolve("enterprises.yaml"), enterprisesFile, StandardCharsets.UTF_8);
        assertThat(post(port, "/api/v1/admin/routes/reload").status()).isEqualTo(200);
        for (JsonNode id : routeSet(port).path("stoppedRoutes")) {
            assertThat(post(port, "/api/v1/admin/routes/" + id.asText() + "/start").status()).isEqualTo(200);
        }
        long generation = routeSet(port).path("generation").asLong();
        await().atMost(IN_FORCE).untilAsserted(() -> assertThat(routeSet(secondPort).path("generation").asLong())
                .isEqualTo(generation));
        assertThat(routeSet(port).path("stoppedRoutes")).isEmpty();
        assertThat(routeSet(secondPort).path("matchesCluster").asBoolean()).isTrue();
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) {
            second.close();
            second = null;
        }
    }

    @Test
    void aReloadOnOneInstanceIsInForceOnTheOtherWithTheReloadedFiles() throws IOException {
        Files.writeString(ROUTES.resolve("enterprises.yaml"),
                enterprisesFile.replace("value: /apiCSDLDKDN/", "value: /moved/"), StandardCharsets.UTF_8);
        assertThat(lookupAt(secondPort, ENTERPRISE).status()).isEqualTo(200);

        Response reloaded = post(port, "/api/v1/admin/routes/reload");

        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        JsonNode set = routeSet(port);
        // the second instance's own directory is unchanged: the files come from the database
        await().atMost(IN_FORCE).untilAsserted(() -> {
            JsonNode there = routeSet(secondPort);
            assertThat(there.path("generation").asLong()).isEqualTo(set.path("generation").asLong());
            assertThat(there.path("applied").asBoolean()).isTrue();
            assertThat(there.path("matchesCluster").asBoolean()).isTrue();
            assertThat(there.path("loadedDigest").asText()).isEqualTo(set.path("digest").asText());
        });
        // nothing is stubbed at the new path: the mock answers 404, read as "not found"
        assertThat(lookupAt(secondPort, ENTERPRISE).status()).isEqualTo(404);
        assertThat(Files.readString(SECOND_ROUTES.resolve("enterprises.yaml"))).doesNotContain("/moved/");
    }

    @Test
    void aRouteStoppedOnOneInstanceIsStoppedOnTheOtherUntilStartedOnEither() {
        Response stopped = post(secondPort, "/api/v1/admin/routes/source.land.fetch/stop");
        assertThat(stopped.status()).as(stopped.body()).isEqualTo(200);
        assertThat(stopped.json().path("status").asText()).isEqualTo("Stopped");

        await().atMost(IN_FORCE).untilAsserted(() -> assertThat(camel.getRouteController()
                .getRouteStatus("source.land.fetch")).isEqualTo(ServiceStatus.Stopped));
        assertThat(routeSet(port).path("stoppedRoutes").toString()).isEqualTo("[\"source.land.fetch\"]");
        assertThat(lookup("/api/v1/land-parcels/25747/12/345").status()).isEqualTo(503);
        assertThat(lookup("/api/v1/citizens/074085000123").status()).as("the other sources").isEqualTo(200);

        assertThat(post(port, "/api/v1/admin/routes/source.land.fetch/start").status()).isEqualTo(200);

        await().atMost(IN_FORCE).untilAsserted(() -> assertThat(route(secondPort, "source.land.fetch")
                .path("status").asText()).isEqualTo("Started"));
        assertThat(lookupAt(secondPort, "/api/v1/land-parcels/25747/12/345").status()).isEqualTo(200);
        assertThat(routeSet(secondPort).path("stoppedRoutes")).isEmpty();
    }

    private Response post(int at, String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at + path)).header("X-API-Key", ADMIN_KEY)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private Response getAt(int at, String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at + path)).headers(headers)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private Response lookupAt(int at, String path) {
        return getAt(at, path, "X-API-Key", PROVINCIAL_KEY, "X-Dossier-Id", "000.00.12.H12-261120-0001",
                "X-Procedure-Code", "1.001612");
    }

    private JsonNode routeSet(int at) {
        Response response = getAt(at, "/api/v1/admin/routes", "X-API-Key", ADMIN_KEY);
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("routeSet");
    }

    private JsonNode route(int at, String id) {
        for (JsonNode route : getAt(at, "/api/v1/admin/routes", "X-API-Key", ADMIN_KEY).json().path("routes")) {
            if (route.path("id").asText().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("no route " + id);
    }
}
