package vn.lgsp.hub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The packaged hub ({@code target/lgsp-hub-*.jar}, built by {@code package} before failsafe runs)
 * as its own OS process, for the tests whose promise is about a real crash ({@code kill -9}) and a
 * restart on the data the dead process left behind. Not a Spring test: nothing is shared with the
 * test JVM but the database (H2 file in the data directory, or PostgreSQL) and the WireMock the hub
 * is pointed at.
 *
 * <p>A run has its own directory {@code target/<suite>/<run>/} ({@link #newDataDir}): the data
 * directory {@code data/} (H2 database and Artemis journal) and, beside it, the log of every hub
 * started on it ({@code hub-1.log}, {@code hub-2.log}, …). Under {@code -Ppostgres-it} the
 * {@code spring.datasource.*} system properties are passed through, and the hub runs with the
 * {@code postgres} profile.
 */
public final class HubProcess {

    /** How long a started hub may take to report ready. */
    public static final Duration READY_WITHIN = Duration.ofSeconds(90);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();

    static {
        // should the test JVM itself be stopped, no hub is left running behind it
        Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final int port;
    private final Path log;
    private final List<String> contractViolations = new CopyOnWriteArrayList<>();

    private HubProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The database a hub on this data directory uses: PostgreSQL under {@code -Ppostgres-it}, else H2 in it. */
    public record Database(String url, String user, String password, boolean postgres) {

        public static Database of(Path dataDir) {
            String datasourceUrl = System.getProperty("spring.datasource.url");
            if (datasourceUrl != null && !datasourceUrl.isBlank()) {
                return new Database(datasourceUrl, System.getProperty("spring.datasource.username", ""),
                        System.getProperty("spring.datasource.password", ""), true);
            }
            return new Database("jdbc:h2:file:" + dataDir.resolve("lgsp-hub")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", "", false);
        }

        /** For messages: {@code PostgreSQL} or {@code H2}. */
        public String label() {
            return postgres ? "PostgreSQL" : "H2";
        }
    }

    /** A new, empty data directory {@code target/<suite>/<run>/data}; the hubs' logs go beside it. */
    public static Path newDataDir(String suite, String run) throws IOException {
        return Files.createDirectories(TARGET.resolve(suite).resolve(run).resolve("data"));
    }

    /** Deletes a data directory (database and broker journal) once it is of no further use; the logs stay. */
    public static void deleteDataDir(Path dataDir) throws IOException {
        if (dataDir == null || !Files.exists(dataDir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    /**
     * Starts the packaged hub on a free port of 127.0.0.1 with the dev profile (plus {@code postgres}
     * under {@code -Ppostgres-it}), its national databases and the portal at {@code wireMockBaseUrl},
     * its data in {@code dataDir}, and waits until it reports ready.
     *
     * @param extraArgs more Spring properties for this hub (name without {@code --}, value), e.g.
     *                  {@code hub.portal.max-attempts -> 20}; one of the defaults above is replaced
     */
    public static HubProcess start(Path dataDir, String wireMockBaseUrl, Map<String, String> extraArgs)
            throws IOException {
        Database database = Database.of(dataDir);
        Path runDir = dataDir.getParent();
        int port = freePort();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.profiles.active", database.postgres() ? "dev,postgres" : "dev");
        properties.put("server.address", "127.0.0.1");
        properties.put("server.port", Integer.toString(port));
        properties.put("hub.mocks.enabled", "false");
        properties.put("hub.data-dir", dataDir.toString());
        for (String source : List.of("citizens", "enterprises", "land")) {
            properties.put("hub.sources." + source + ".base-url", wireMockBaseUrl);
        }
        properties.put("hub.portal.base-url", wireMockBaseUrl);
        properties.put("hub.routes-dir", Path.of("target/test-routes").toAbsolutePath().toString());
        // these tests load the hub to prove durability, not its rate limits
        properties.put("hub.security.rate-limits.default-per-second", "100000");
        if (database.postgres()) {
            properties.put("spring.datasource.url", database.url());
            properties.put("spring.datasource.username", database.user());
            properties.put("spring.datasource.password", database.password());
        }
        // an extra argument replaces a default one: a property given twice would be read as "a,b"
        properties.putAll(extraArgs);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", hubJar().toString()));
        properties.forEach((name, value) -> command.add("--" + name + "=" + value));
        Path log = nextLog(runDir);
        Process process = new ProcessBuilder(command)
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        STARTED.add(process);
        HubProcess hub = new HubProcess(process, port, log);
        hub.awaitReady();
        return hub;
    }

    /** SIGKILLs every hub this JVM started that is still running, and waits for them to die (for {@code @AfterAll}). */
    public static void killAll() throws InterruptedException {
        for (Process process : STARTED) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public URI uri(String path) {
        return URI.create(baseUrl() + path);
    }

    /** The file the hub's output goes to. */
    public Path log() {
        return log;
    }

    /**
     * {@code kill -9}: no shutdown hook, no flush, no graceful anything. Returns once the process is
     * gone, with its exit status (137 = killed by SIGKILL).
     */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the hub died of SIGKILL").isTrue();
        assertConformed();
        return process.exitValue();
    }

    /** A graceful stop (SIGTERM), waiting until the hub has shut down. */
    public void stop() throws InterruptedException {
        process.destroy();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the hub shut down").isTrue();
        assertConformed();
    }

    /** A GET with an API key and header name/value pairs; an IOException when no whole answer arrived. */
    public HttpResponse<String> get(String path, String apiKey, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = request(path, apiKey).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return conforming(request.build());
    }

    /** A PUT of a JSON body with an API key. */
    public HttpResponse<String> putJson(String path, String apiKey, String json)
            throws IOException, InterruptedException {
        return conforming(request(path, apiKey).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A POST of a JSON body with an API key. */
    public HttpResponse<String> postJson(String path, String apiKey, String json)
            throws IOException, InterruptedException {
        return conforming(request(path, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** A DELETE with an API key. */
    public HttpResponse<String> delete(String path, String apiKey) throws IOException, InterruptedException {
        return conforming(request(path, apiKey).DELETE().build());
    }

    /**
     * Sends the request; an answer that breaks the contract ({@link ApiContract}) is kept, and
     * {@link #stop} or {@link #kill} fails with it: the load tests' client threads keep going.
     */
    private HttpResponse<String> conforming(HttpRequest original) throws IOException, InterruptedException {
        HttpRequest request = CitizenLookups.complete(original);
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        List<String> broken = ApiContract.get().violations(ApiContract.Exchange.of(request, response), true);
        if (!broken.isEmpty() && contractViolations.size() < 20) {
            contractViolations.add(request.method() + " " + request.uri().getRawPath() + " " + response.statusCode()
                    + ": " + broken);
        }
        return response;
    }

    private void assertConformed() {
        assertThat(contractViolations).as("exchanges with the hub process that break docs/openapi.yaml").isEmpty();
    }

    private HttpRequest.Builder request(String path, String apiKey) {
        return HttpRequest.newBuilder(uri(path)).timeout(REQUEST_TIMEOUT).header("X-API-Key", apiKey);
    }

    private void awaitReady() {
        HttpRequest readiness = HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        await("the hub on port " + port + " ready")
                .atMost(READY_WITHIN).pollDelay(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(250))
                .failFast("the hub process exited before it was ready (see " + log + ")", () -> !process.isAlive())
                .until(() -> {
                    try {
                        return HTTP.send(readiness, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** {@code hub-1.log} for the first hub started in a run directory, {@code hub-2.log} for the next, … */
    private static Path nextLog(Path runDir) throws IOException {
        try (Stream<Path> files = Files.list(runDir)) {
            long started = files.filter(f -> f.getFileName().toString().matches("hub-\\d+\\.log")).count();
            return runDir.resolve("hub-" + (started + 1) + ".log");
        }
    }

    private static Path hubJar() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (DirectoryStream<Path> found = Files.newDirectoryStream(TARGET, "lgsp-hub-*.jar")) {
            found.forEach(jars::add);
        }
        assertThat(jars).as("the packaged hub in target/ (failsafe runs after package)").hasSize(1);
        return jars.get(0);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
