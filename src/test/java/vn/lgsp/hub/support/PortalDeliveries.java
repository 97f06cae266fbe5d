package vn.lgsp.hub.support;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;

/**
 * The dossier side of the tests with hub processes ({@link HubProcess}): dossiers registered by parallel
 * clients, and what the portal — WireMock serving {@code mock-endpoints/} — received of them, read from its
 * request journal (each envelope names {@code MaHoSo}, each call's {@code X-Hub-Dossier-Version} header its
 * version). Dossier ids carry a run's prefix, so that a database shared with other tests needs no cleaning.
 */
public final class PortalDeliveries {

    public static final String API_KEY = "dev-provincial-key";
    public static final String PORTAL = "/dvcqg/api/v1/dongbohoso";
    public static final String PORTAL_OK = "{\"error_code\":0}";
    /** The header of each portal call naming the dossier version it carries. */
    private static final String VERSION_HEADER = "X-Hub-Dossier-Version";
    /** The events a dossier may get after its PUT, in time order (each one a new version). */
    public static final List<Event> EVENTS = List.of(
            new Event("PROCESSING", "2026-11-20T09:00:00+07:00"),
            new Event("SUPPLEMENT_REQUESTED", "2026-11-20T10:00:00+07:00"),
            new Event("RESOLVED", "2026-11-21T10:00:00+07:00"));
    private static final int CLIENT_THREADS = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DOSSIER = """
            {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
             "channel": "ONLINE", "status": "RECEIVED", "applicant": {"idType": "OTHER", "idNumber": "B1234567"},
             "components": [{"code": "TP1", "name": "To khai", "digitized": true, "reused": false}]}
            """;

    private PortalDeliveries() {
    }

    /** A dossier event, as a client posts it. */
    public record Event(String status, String at) {

        public String json() {
            return "{\"status\": \"" + status + "\", \"at\": \"" + at + "\"}";
        }
    }

    /** A version the hub accepted (202): which, and when the client had the answer. */
    public record Accepted(String dossierId, int version, Instant at) {

        public String pair() {
            return dossierId + " v" + version;
        }
    }

    /** One request the portal received, in arrival order: which version, the portal's answer, when. */
    public record Delivery(String dossierId, int version, int status, Instant at) {

        public String pair() {
            return dossierId + " v" + version;
        }
    }

    /** A short random id for a run's dossier ids and directories. */
    public static String newRun() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    /** WireMock on a free port of 127.0.0.1 serving {@code mock-endpoints/}: the portal and the national databases. */
    public static WireMockServer startMocks() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(64).usingFilesUnderDirectory("mock-endpoints"));
        server.start();
        return server;
    }

    /**
     * Registers dossiers {@code prefix0 … prefix(count-1)} from parallel clients, each with {@code versions(n)}
     * versions (the PUT, then events in time order), dossier n through {@code hubs[n % hubs.size()]}, and returns
     * every version answered 202, in the order answered. Anything else fails the test: these are all valid.
     */
    public static List<Accepted> accept(List<HubProcess> hubs, String prefix, int count, IntUnaryOperator versions)
            throws InterruptedException {
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        for (int n = 0; n < count; n++) {
            String dossierId = prefix + n;
            int versionCount = versions.applyAsInt(n);
            HubProcess hub = hubs.get(n % hubs.size());
            clients.execute(() -> {
                try {
                    boolean ok = record(dossierId,
                            hub.putJson("/api/v1/dossiers/" + dossierId, API_KEY, DOSSIER), accepted, refused);
                    for (int e = 0; ok && e < versionCount - 1; e++) {
                        ok = record(dossierId, hub.postJson("/api/v1/dossiers/" + dossierId + "/events", API_KEY,
                                EVENTS.get(e).json()), accepted, refused);
                    }
                } catch (IOException | RuntimeException e) {
                    refused.add(dossierId + ": " + e.getClass().getSimpleName());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(120, TimeUnit.SECONDS)).as("dossiers registered").isTrue();
        assertThat(refused).as("dossier requests not answered 202").isEmpty();
        List<Accepted> all = new ArrayList<>(accepted);
        all.sort((a, b) -> a.at().compareTo(b.at()));
        return all;
    }

    private static boolean record(String dossierId, HttpResponse<String> answer,
                                  ConcurrentLinkedQueue<Accepted> accepted, ConcurrentLinkedQueue<String> refused) {
        if (answer.statusCode() != 202) {
            refused.add(dossierId + ": " + answer.statusCode() + " "
                    + answer.headers().firstValue("X-Hub-Error").orElse(""));
            return false;
        }
        JsonNode body = json(answer.body());
        if (!dossierId.equals(body.path("dossierId").asText()) || !body.path("version").isInt()) {
            refused.add(dossierId + ": a 202 without its dossierId and version");
            return false;
        }
        accepted.add(new Accepted(dossierId, body.path("version").asInt(), Instant.now()));
        return true;
    }

    /** The portal requests of dossiers with this prefix in WireMock's request journal, oldest first. */
    public static List<Delivery> deliveries(WireMockServer portal, String prefix) {
        List<ServeEvent> events = new ArrayList<>(portal.getAllServeEvents());
        Collections.reverse(events); // the journal lists the newest first
        List<Delivery> deliveries = new ArrayList<>();
        for (ServeEvent event : events) {
            LoggedRequest request = event.getRequest();
            if (!"POST".equals(request.getMethod().getName()) || !request.getUrl().startsWith(PORTAL)) {
                continue;
            }
            JsonNode body = json(request.getBodyAsString());
            if (!"DongBoHoSoMC".equals(body.path("service").asText())) {
                continue; // the progress of a status event follows its version's delivery
            }
            String dossierId = body.path("data").path(0).path("MaHoSo").asText();
            if (dossierId.startsWith(prefix)) {
                deliveries.add(new Delivery(dossierId, Integer.parseInt(request.getHeader(VERSION_HEADER)),
                        event.getResponse().getStatus(), request.getLoggedDate().toInstant()));
            }
        }
        return deliveries;
    }

    public static Set<String> receivedPairs(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::pair).collect(Collectors.toSet());
    }

    public static int distinctPairs(List<Delivery> deliveries) {
        return receivedPairs(deliveries).size();
    }

    /** Each dossier's latest accepted version. */
    public static Map<String, Integer> latestVersions(List<Accepted> accepted) {
        return accepted.stream()
                .collect(Collectors.toMap(Accepted::dossierId, Accepted::version, Math::max, TreeMap::new));
    }

    /** Dossiers whose versions, in the order the portal received them, go down somewhere. */
    public static List<String> wentBackwards(List<Delivery> deliveries) {
        Map<String, List<Integer>> arrivals = new TreeMap<>();
        deliveries.forEach(d -> arrivals.computeIfAbsent(d.dossierId(), id -> new ArrayList<>()).add(d.version()));
        List<String> backwards = new ArrayList<>();
        arrivals.forEach((id, versions) -> {
            for (int i = 1; i < versions.size(); i++) {
                if (versions.get(i) < versions.get(i - 1)) {
                    backwards.add(id + " received versions " + versions);
                    break;
                }
            }
        });
        return backwards;
    }

    /** Reads every dossier not yet seen SYNCED at its latest version; true when none is left. */
    public static boolean allSynced(HubProcess hub, Map<String, Integer> latest, Map<String, JsonNode> views)
            throws IOException, InterruptedException {
        boolean all = true;
        for (Map.Entry<String, Integer> dossier : latest.entrySet()) {
            if (isSynced(views.get(dossier.getKey()), dossier.getValue())) {
                continue;
            }
            HttpResponse<String> answer = hub.get("/api/v1/dossiers/" + dossier.getKey(), API_KEY);
            assertThat(answer.statusCode()).as("GET of dossier %s", dossier.getKey()).isEqualTo(200);
            JsonNode view = json(answer.body());
            views.put(dossier.getKey(), view);
            all &= isSynced(view, dossier.getValue());
        }
        return all;
    }

    /**
     * The dossier SYNCED at its latest accepted version or a later one: a request in flight when an instance
     * was killed may have committed a version whose 202 never reached the client.
     */
    public static boolean isSynced(JsonNode view, int latestVersion) {
        return view != null && "SYNCED".equals(view.path("syncState").asText())
                && view.path("version").asInt() >= latestVersion;
    }

    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
