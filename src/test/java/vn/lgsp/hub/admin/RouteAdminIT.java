package vn.lgsp.hub.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/api.md §6 routes: the list with status and statistics, stopping and starting one route, and the
 * all-or-nothing reload of {@code routes/*.yaml} (here the build's copy, {@code target/test-routes}),
 * each stored as a generation of the cluster's route set ({@link RouteSetClusterIT} for a second instance).
 */
class RouteAdminIT extends HubIT {

    private static final Path ROUTES = Path.of("target/test-routes");
    private static final String ENTERPRISE = "/api/v1/enterprises/0100233488";

    @Autowired
    private CamelContext camel;

    private final Map<Path, String> originals = new HashMap<>();

    /**
     * Puts back every file a test changed, reloads them, and starts any route a test stopped: the
     * cluster's route set is the repository's routes again, none stopped (the database may be shared).
     */
    @AfterEach
    void restoreRoutes() throws Exception {
        for (Map.Entry<Path, String> file : originals.entrySet()) {
            Files.writeString(file.getKey(), file.getValue(), StandardCharsets.UTF_8);
        }
        if (!originals.isEmpty()) {
            assertThat(post("/api/v1/admin/routes/reload", ADMIN_KEY).status()).isEqualTo(200);
        }
        for (JsonNode id : routeSet().path("stoppedRoutes")) {
            assertThat(post("/api/v1/admin/routes/" + id.asText() + "/start", ADMIN_KEY).status()).isEqualTo(200);
        }
        for (String id : new String[] {"source.citizens.fetch", "source.enterprises.fetch", "source.land.fetch"}) {
            if (camel.getRouteController().getRouteStatus(id) == ServiceStatus.Stopped) {
                camel.getRouteController().startRoute(id);
            }
        }
        assertThat(routeSet().path("stoppedRoutes")).isEmpty();
    }

    private JsonNode routeSet() {
        Response response = get("/api/v1/admin/routes", ADMIN_KEY);
        assertThat(response.status()).isEqualTo(200);
        return response.json().path("routeSet");
    }

    private long storedGenerations() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM route_set", Long.class);
    }

    private void rewrite(String file, String content) throws IOException {
        Path path = ROUTES.resolve(file);
        originals.putIfAbsent(path, Files.readString(path, StandardCharsets.UTF_8));
        Files.writeString(path, content, StandardCharsets.UTF_8);
    }

    private Response post(String path, String apiKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        return send(request.build());
    }

    private JsonNode route(String id) {
        Response response = get("/api/v1/admin/routes", ADMIN_KEY);
        assertThat(response.status()).isEqualTo(200);
        for (JsonNode route : response.json().path("routes")) {
            if (route.path("id").asText().equals(id)) {
                return route;
            }
        }
        throw new AssertionError("no route " + id + " in " + response.body());
    }

    @Test
    void theListShowsEachRouteWithItsOriginStatusStatisticsAndCircuit() {
        assertThat(lookup(ENTERPRISE).status()).isEqualTo(200);

        JsonNode enterprises = route("source.enterprises.fetch");
        assertThat(enterprises.path("source").asText()).isEqualTo("enterprises");
        assertThat(enterprises.path("origin").asText()).isEqualTo("routes/enterprises.yaml");
        assertThat(enterprises.path("status").asText()).isEqualTo("Started");
        assertThat(enterprises.path("exchangesTotal").asLong()).isPositive();
        assertThat(enterprises.path("exchangesFailed").isNumber()).isTrue();
        assertThat(enterprises.path("meanProcessingMs").isNumber()).isTrue();
        assertThat(enterprises.path("circuitState").asText()).isEqualTo("CLOSED");
        JsonNode gateway = route("gateway.lookups");
        assertThat(gateway.path("origin").asText()).isEqualTo("java");
        assertThat(gateway.path("source").isNull()).isTrue();
        assertThat(gateway.path("circuitState").isNull()).isTrue();
    }

    @Test
    void aStoppedSourceAnswers503UntilItIsStartedAgain() {
        long before = routeSet().path("generation").asLong();
        Response stopped = post("/api/v1/admin/routes/source.enterprises.fetch/stop", ADMIN_KEY);
        assertThat(stopped.status()).isEqualTo(200);
        assertThat(stopped.json().path("status").asText()).isEqualTo("Stopped");
        JsonNode set = routeSet();
        assertThat(set.path("generation").asLong()).as("stored as a new generation").isEqualTo(before + 1);
        assertThat(set.path("stoppedRoutes").toString()).isEqualTo("[\"source.enterprises.fetch\"]");
        assertThat(set.path("changedBy").asText()).isEqualTo("hub-admin");
        assertThat(jdbc.queryForObject("SELECT stopped_routes FROM route_set WHERE generation = ?", String.class,
                before + 1)).contains("source.enterprises.fetch");

        Response refused = lookup(ENTERPRISE);
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.json().path("code").asText()).isEqualTo("source.unavailable");
        assertThat(lookup("/api/v1/citizens/074085000123").status()).as("the other sources").isEqualTo(200);

        assertThat(post("/api/v1/admin/routes/source.enterprises.fetch/start", ADMIN_KEY).status()).isEqualTo(200);
        assertThat(lookup(ENTERPRISE).status()).isEqualTo(200);
        assertThat(routeSet().path("generation").asLong()).isEqualTo(before + 2);
        assertThat(routeSet().path("stoppedRoutes")).isEmpty();
        assertThat(jdbc.queryForList("SELECT action FROM audit_event WHERE target = 'route source.enterprises.fetch' "
                + "ORDER BY id DESC", String.class)).startsWith("route.start", "route.stop");
        JsonNode stop = null;
        for (JsonNode event : get("/api/v1/admin/audit?limit=20", ADMIN_KEY).json().path("events")) {
            if (stop == null && event.path("action").asText().equals("route.stop")) {
                stop = event;
            }
        }
        assertThat(stop).isNotNull();
        assertThat(stop.path("actor").asText()).isEqualTo("hub-admin");
        assertThat(stop.path("before").path("status").asText()).isEqualTo("Started");
        assertThat(stop.path("after").path("status").asText()).isEqualTo("Stopped");
    }

    @Test
    void anUnknownRouteIs404() {
        Response response = post("/api/v1/admin/routes/no.such.route/stop", ADMIN_KEY);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asText()).isEqualTo("client.not_found");
    }

    @Test
    void theAdministrationRoutesCannotBeStoppedFromTheAdministrationApi() {
        Response response = post("/api/v1/admin/routes/admin.routes/stop", ADMIN_KEY);

        assertThat(response.status()).isEqualTo(409);
        assertThat(camel.getRouteController().getRouteStatus("admin.routes")).isEqualTo(ServiceStatus.Started);
    }

    /** Only a source's route is the administrators' to stop: a gateway route stopped would turn its path into a 404. */
    @ParameterizedTest
    @ValueSource(strings = {"gateway.citizens", "gateway.lookups", "gateway.land", "dossiers.put",
            "reports.reuse"})
    void onlySourceRoutesCanBeStopped(String routeId) {
        assertThat(camel.getRoute(routeId)).as(routeId + " exists").isNotNull();

        Response response = post("/api/v1/admin/routes/" + routeId + "/stop", ADMIN_KEY);

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.json().path("code").asText()).isEqualTo("client.conflict");
        assertThat(camel.getRouteController().getRouteStatus(routeId)).isEqualTo(ServiceStatus.Started);
        assertThat(lookup("/api/v1/citizens/074085000123").status()).isEqualTo(200);
    }

    @Test
    void aStoppedSourceIsDownInHealthUntilStarted() {
        assertThat(get("/actuator/health", null).json().path("components").path("sources").path("components")
                .path("land").path("status").asText()).isEqualTo("UP");

        assertThat(post("/api/v1/admin/routes/source.land.fetch/stop", ADMIN_KEY).status()).isEqualTo(200);
        JsonNode health = get("/actuator/health", null).json();
        JsonNode land = health.path("components").path("sources").path("components").path("land");
        assertThat(land.path("status").asText()).isEqualTo("DOWN");
        assertThat(land.path("details").path("route").asText()).isEqualTo("stopped");
        assertThat(health.path("components").path("sources").path("components").path("citizens").path("status")
                .asText()).isEqualTo("UP");

        assertThat(post("/api/v1/admin/routes/source.land.fetch/start", ADMIN_KEY).status()).isEqualTo(200);
        land = get("/actuator/health", null).json().path("components").path("sources").path("components").path("land");
        assertThat(land.path("status").asText()).isEqualTo("UP");
        assertThat(land.path("details").path("route").asText()).isEqualTo("started");
    }

    @Test
    void routesAreForAdminsOnly() {
        assertThat(get("/api/v1/admin/routes", PROVINCIAL_KEY).status()).isEqualTo(403);
        assertThat(post("/api/v1/admin/routes/source.land.fetch/stop", AUDITOR_KEY).status()).isEqualTo(403);
        assertThat(post("/api/v1/admin/routes/reload", null).status()).isEqualTo(401);
        assertThat(camel.getRouteController().getRouteStatus("source.land.fetch")).isEqualTo(ServiceStatus.Started);
    }

    @Test
    void aReloadAppliesAChangedUpstreamPath() throws IOException {
        String enterprises = Files.readString(ROUTES.resolve("enterprises.yaml"), StandardCharsets.UTF_8);
        rewrite("enterprises.yaml", enterprises.replace("value: /apiCSDLDKDN/", "value: /moved/"));
        assertThat(Files.readString(ROUTES.resolve("enterprises.yaml"))).contains("value: /moved/");

        long before = routeSet().path("generation").asLong();
        Response reloaded = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(reloaded.status()).as(reloaded.body()).isEqualTo(200);
        assertThat(reloaded.json().path("reloaded").toString()).contains("source.enterprises.fetch");
        // nothing is stubbed at the new path: the mock answers 404, read as "not found"
        assertThat(lookup(ENTERPRISE).status()).isEqualTo(404);
        // stored for every instance: the files' contents, listed as the generation this instance runs
        JsonNode set = routeSet();
        assertThat(set.path("generation").asLong()).isEqualTo(before + 1);
        assertThat(set.path("applied").asBoolean()).isTrue();
        assertThat(set.path("matchesCluster").asBoolean()).isTrue();
        assertThat(set.path("digest").asText()).hasSize(64).isEqualTo(set.path("loadedDigest").asText());
        assertThat(set.path("changedBy").asText()).isEqualTo("hub-admin");
        assertThat(set.path("problem").isNull()).isTrue();
        assertThat(jdbc.queryForObject("SELECT files FROM route_set WHERE generation = ?", String.class, before + 1))
                .contains("enterprises.yaml", "citizens.yaml", "land.yaml", "/moved/");
        assertThat(jdbc.queryForObject("SELECT outcome FROM audit_event WHERE action = 'routes.reload' "
                + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class)).isEqualTo("done");
    }

    @Test
    void aFileThatDoesNotParseRefusesTheWholeReloadNamingFileAndLine() throws IOException {
        String broken = Files.readString(ROUTES.resolve("citizens.yaml")) + "\n  - : [unclosed\n";
        rewrite("citizens.yaml", broken);
        rewrite("land.yaml", Files.readString(ROUTES.resolve("land.yaml")).replace("/vbdlis/", "/moved/"));
        long generations = storedGenerations();
        JsonNode before = routeSet();

        Response refused = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(storedGenerations()).as("nothing stored for the other instances").isEqualTo(generations);
        assertThat(routeSet()).isEqualTo(before);
        assertThat(refused.json().path("code").asText()).isEqualTo("admin.invalid_route");
        assertThat(refused.json().path("detail").asText()).contains("routes/citizens.yaml").containsPattern("line \\d+");
        // and as data: the file, the line and column the parser stopped at, and that line's text
        JsonNode location = refused.json().path("location");
        assertThat(location.path("file").asText()).isEqualTo("routes/citizens.yaml");
        int line = location.path("line").asInt();
        assertThat(refused.json().path("detail").asText()).contains("routes/citizens.yaml line " + line + ":");
        assertThat(location.path("column").asInt()).isPositive();
        assertThat(location.path("excerpt").asText()).isEqualTo(broken.split("\n", -1)[line - 1]);
        // the running routes are untouched, the valid change in land.yaml included
        assertThat(lookup("/api/v1/citizens/074085000123").status()).isEqualTo(200);
        assertThat(lookup("/api/v1/land-parcels/25747/12/345").status()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT outcome FROM audit_event WHERE action = 'routes.reload' "
                + "ORDER BY id DESC FETCH FIRST 1 ROWS ONLY", String.class)).isEqualTo("admin.invalid_route");
    }

    /** The line named is where the mistake is, not where the route it belongs to begins. */
    @Test
    void aSyntaxErrorDeepInAFileIsReportedOnItsOwnLine() throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(ROUTES.resolve("land.yaml"), StandardCharsets.UTF_8));
        int broken = lineOf(lines, "value: landParcelMapper");
        lines.set(broken - 1, lines.get(broken - 1).replace("value: landParcelMapper", "value: landParcelMapper: x"));
        rewrite("land.yaml", String.join("\n", lines) + "\n");

        Response refused = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(broken).as("the mistake is well past the route's first line").isGreaterThan(10);
        assertThat(refused.json().path("detail").asText()).contains("routes/land.yaml line " + broken + ":");
        // the column is the second colon's, the one a mapping value may not follow
        String text = lines.get(broken - 1);
        assertLocation(refused, "routes/land.yaml", broken, text.indexOf("landParcelMapper:") + "landParcelMapper:".length(),
                text);
    }

    @Test
    void aConventionBrokenDeepInAFileIsReportedOnTheLineOfTheSetting() throws IOException {
        List<String> lines = Files.readAllLines(ROUTES.resolve("land.yaml"), StandardCharsets.UTF_8);
        rewrite("land.yaml", String.join("\n", lines).replace("value: landParcelMapper", "value: noSuchMapper") + "\n");

        Response refused = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(refused.status()).isEqualTo(422);
        int line = lineOf(lines, "- name: mapper");
        assertThat(refused.json().path("detail").asText())
                .contains("routes/land.yaml line " + line + ":", "noSuchMapper");
        String setting = lines.get(line - 1);
        assertLocation(refused, "routes/land.yaml", line, setting.indexOf("name: mapper") + 1, setting);
    }

    /** The refusal's {@code location}: file, line and column (from 1), and the text of that line. */
    private static void assertLocation(Response refused, String file, int line, int column, String excerpt) {
        JsonNode location = refused.json().path("location");
        assertThat(location.path("file").asText()).as(refused.body()).isEqualTo(file);
        assertThat(location.path("line").asInt()).as(refused.body()).isEqualTo(line);
        assertThat(location.path("column").asInt()).as(refused.body()).isEqualTo(column);
        assertThat(location.path("excerpt").asText()).as(refused.body()).isEqualTo(excerpt);
    }

    private static int lineOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " is not in the file");
    }

    @Test
    void aFileBreakingTheConventionsIsRefusedToo() throws IOException {
        rewrite("land.yaml", Files.readString(ROUTES.resolve("land.yaml"))
                .replace("routeId: source.land.fetch", "routeId: my-land-route"));

        Response refused = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("detail").asText()).contains("routes/land.yaml", "source.land.fetch");
        assertThat(camel.getRoute("source.land.fetch")).isNotNull();
        assertThat(camel.getRoute("my-land-route")).isNull();
    }

    @Test
    void aFileReadingTheFormerSubjectPropertyIsRefusedWithTheFormToWrite() throws IOException {
        List<String> lines = Files.readAllLines(ROUTES.resolve("land.yaml"), StandardCharsets.UTF_8);
        rewrite("land.yaml", String.join("\n", lines).replace("exchangeProperty.lookup.subject.", "exchangeProperty.hubSubject.")
                + "\n");

        Response refused = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(refused.status()).isEqualTo(422);
        int line = lineOf(lines, "exchangeProperty.lookup.subject");
        assertThat(refused.json().path("detail").asText())
                .contains("routes/land.yaml line " + line + ":",
                        "${exchangeProperty.hubSubject}", "${exchangeProperty.lookup.subject}");
        String written = lines.get(line - 1).replace("exchangeProperty.lookup.subject.", "exchangeProperty.hubSubject.");
        assertLocation(refused, "routes/land.yaml", line, written.indexOf("exchangeProperty.hubSubject") + 1, written);
        assertThat(lookup("/api/v1/land-parcels/25747/12/345").status()).as("the running route").isEqualTo(200);
    }

    @Test
    void aFileSettingTheEndpointIsRefused() throws IOException {
        rewrite("land.yaml", Files.readString(ROUTES.resolve("land.yaml")).replace("      - name: mapper",
                "      - name: endpoint\n        value: http://elsewhere.example\n      - name: mapper"));

        Response refused = post("/api/v1/admin/routes/reload", ADMIN_KEY);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().path("detail").asText()).contains("routes/land.yaml", "endpoint", "hub.sources.land");
    }
}
