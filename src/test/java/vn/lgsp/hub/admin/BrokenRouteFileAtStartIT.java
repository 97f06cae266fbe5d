package vn.lgsp.hub.admin;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubProcess;

/**
 * docs/design.md: "the hub stays up when one route or one YAML file is broken". The packaged hub starts
 * on a copy of {@code routes/} whose {@code land.yaml} does not parse: it starts, reports the file,
 * refuses land lookups as unavailable and serves the other sources.
 */
class BrokenRouteFileAtStartIT {

    private static final String RUN = "broken-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static WireMockServer mocks;
    private static HubProcess hub;
    private static Path dataDir;

    @BeforeAll
    static void startOnABrokenFile() throws Exception {
        mocks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .usingFilesUnderDirectory("mock-endpoints"));
        mocks.start();
        dataDir = HubProcess.newDataDir("broken-route-file", RUN);
        Path routes = Files.createDirectories(dataDir.getParent().resolve("routes"));
        for (String file : new String[] {"citizens.yaml", "enterprises.yaml", "land.yaml"}) {
            Files.copy(Path.of("routes", file), routes.resolve(file));
        }
        Files.writeString(routes.resolve("land.yaml"), Files.readString(routes.resolve("land.yaml"))
                .replace("routeTemplateRef: source-lookup", "routeTemplateRef: [source-lookup"));
        hub = HubProcess.start(dataDir, mocks.baseUrl(), Map.of("hub.routes-dir", routes.toAbsolutePath().toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (hub != null) {
            hub.stop();
        }
        if (mocks != null) {
            mocks.stop();
        }
        HubProcess.deleteDataDir(dataDir);
    }

    private static HttpResponse<String> lookup(String path) throws Exception {
        return hub.get(path, "dev-provincial-key", "X-Dossier-Id", "000.00.12.H12-261120-0009",
                "X-Procedure-Code", "1.001612");
    }

    @Test
    void theOtherSourcesServe() throws Exception {
        assertThat(lookup("/api/v1/citizens/074085000123").statusCode()).isEqualTo(200);
        assertThat(lookup("/api/v1/enterprises/0100233488").statusCode()).isEqualTo(200);
    }

    @Test
    void theBrokenSourceIsUnavailableAtOnce() throws Exception {
        HttpResponse<String> response = lookup("/api/v1/land-parcels/25747/12/345");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("source.unavailable");
    }

    @Test
    void theRoutesListNamesTheFileAndLine() throws Exception {
        HttpResponse<String> response = hub.get("/api/v1/admin/routes", "dev-admin-key");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode failed = JSON.readTree(response.body()).path("failedFiles");
        assertThat(failed).hasSize(1);
        assertThat(failed.get(0).path("file").asText()).isEqualTo("routes/land.yaml");
        int line = failed.get(0).path("line").asInt();
        assertThat(line).isPositive();
        // where on the line, and the line itself
        assertThat(failed.get(0).path("column").asInt()).isPositive();
        String written = Files.readString(dataDir.getParent().resolve("routes").resolve("land.yaml"));
        assertThat(failed.get(0).path("excerpt").asText()).isEqualTo(written.split("\n", -1)[line - 1]);
        assertThat(response.body()).contains("source.citizens.fetch").doesNotContain("\"source.land.fetch\"");
    }
}
