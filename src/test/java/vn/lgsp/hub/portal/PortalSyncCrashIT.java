package vn.lgsp.hub.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubProcess;

/**
 * docs/design.md flow 2 and "Nothing accepted is lost" for the dossier sync to the National Public
 * Service Portal, against a real crash: the packaged hub runs as its own process
 * ({@link HubProcess}) against WireMock serving {@code mock-endpoints/} as the portal, is SIGKILLed
 * while a backlog of accepted dossier versions is being delivered, and restarted on the data (H2 or
 * PostgreSQL, and the Artemis journal) the dead process left behind. What the portal received is
 * read from WireMock's request journal (each envelope names {@code MaHoSo}, each call's
 * {@code X-Hub-Dossier-Version} header its version).
 *
 * <p>The promise checked: every version a client got a {@code 202} for reaches the portal, in order
 * per dossier, and once — except a version whose delivery was in flight at the kill (the portal
 * had it, the hub died before recording that): delivery is at least once, so that one may arrive
 * a second time, right after the restart. There is at most one such version per consumer.
 *
 * <p>Dossier ids carry a random run id, so the shared PostgreSQL database of {@code -Ppostgres-it}
 * needs no cleaning and other dossiers the hub may sync are ignored.
 */
class PortalSyncCrashIT {

    private static final String API_KEY = "dev-provincial-key";
    private static final String PORTAL = "/dvcqg/api/v1/dongbohoso";
    /** The hub's portal consumers: at most one delivery each can be in flight when the hub is killed. */
    private static final int CONCURRENT_CONSUMERS = 8;
    private static final int CLIENT_THREADS = 8;
    /** The per-client rate limit is not under test here: the intake and the polling must not meet it. */
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The events a dossier may get after its PUT, in time order (each one a new version). */
    private static final List<Event> EVENTS = List.of(
            new Event("PROCESSING", "2026-11-20T09:00:00+07:00"),
            new Event("SUPPLEMENT_REQUESTED", "2026-11-20T10:00:00+07:00"),
            new Event("RESOLVED", "2026-11-21T10:00:00+07:00"));
    private static final String DOSSIER = """
            {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
             "channel": "ONLINE", "status": "RECEIVED", "applicant": {"idType": "OTHER", "idNumber": "B1234567"},
             "components": [{"code": "TP1", "name": "To khai", "digitized": true, "reused": false}]}
            """;

    /**
     * Backlog test: dossiers, and how long the portal takes to answer each delivery — while the
     * clients register them (so the intake is queued whatever the hub's speed), and afterwards.
     */
    private static final int CRASH_DOSSIERS = 150;
    private static final int INTAKE_PORTAL_DELAY_MS = 1000;
    private static final int PORTAL_DELAY_MS = 50;
    private static final String PORTAL_OK = "{\"error_code\":0}";
    /** Outage test: dossiers, each with {@code 1 + EVENTS.size()} versions. */
    private static final int OUTAGE_DOSSIERS = 24;

    private WireMockServer portal;
    private Path dataDir;
    private boolean passed;

    private record Event(String status, String at) {

        String json() {
            return "{\"status\": \"" + status + "\", \"at\": \"" + at + "\"}";
        }
    }

    /** A version the hub accepted (202): which, and when the client had the answer. */
    private record Accepted(String dossierId, int version, Instant at) {

        String pair() {
            return dossierId + " v" + version;
        }
    }

    /** One request the portal received, in arrival order: which version, the portal's answer, when. */
    private record Delivery(String dossierId, int version, int status, Instant at) {

        String pair() {
            return dossierId + " v" + version;
        }
    }

    @AfterEach
    void stopEverything() throws InterruptedException, IOException {
        HubProcess.killAll();
        if (portal != null) {
            portal.stop();
        }
        if (passed) {
            // the database and broker journal of a passing run are of no further use; logs stay
            HubProcess.deleteDataDir(dataDir);
        }
    }

    @Test
    void nothingAcceptedIsLostAndEachVersionReachesThePortalOnceAcrossKillMinus9() throws Exception {
        long testStarted = System.nanoTime();
        String run = newRun();
        String prefix = "CRASH-" + run + "-";
        portal = startPortal();
        // a slow portal: while the clients register dossiers it takes a second a request, so the
        // intake queues up however fast the hub delivers; then it answers in 50 ms and the backlog drains
        StubMapping slowPortal = portal.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0)
                .willReturn(okJson(PORTAL_OK).withFixedDelay(INTAKE_PORTAL_DELAY_MS)));
        dataDir = HubProcess.newDataDir("portal-sync-crash", run);
        Map<String, String> args = Map.of(
                "hub.portal.concurrent-consumers", Integer.toString(CONCURRENT_CONSUMERS),
                "hub.portal.sweep-interval-ms", "1000");
        HubProcess hub = HubProcess.start(dataDir, portal.baseUrl(), args);
        long readyMs = millisSince(testStarted);

        // a third of the dossiers stay at version 1, a third get one event, a third two
        long acceptStarted = System.nanoTime();
        List<Accepted> accepted = accept(hub, prefix, CRASH_DOSSIERS, n -> 1 + n % 3);
        long acceptMs = millisSince(acceptStarted);
        int deliveredWhenAccepted = distinctPairs(deliveries(prefix));
        // (requests already waiting keep their second; the next ones get the short delay)
        portal.editStub(post(urlPathEqualTo(PORTAL)).withId(slowPortal.getId()).atPriority(0)
                .willReturn(okJson(PORTAL_OK).withFixedDelay(PORTAL_DELAY_MS)));
        Set<String> acceptedPairs = accepted.stream().map(Accepted::pair)
                .collect(Collectors.toCollection(TreeSet::new));

        // the experiment: SIGKILL the hub while the backlog is being delivered
        int killWhenDelivered = acceptedPairs.size() / 4;
        await("a quarter of the accepted versions at the portal")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> distinctPairs(deliveries(prefix)) >= killWhenDelivered);
        Instant killedAt = Instant.now();
        int exitStatus = hub.kill();
        assertThat(exitStatus).as("the hub's exit status (137 = killed by SIGKILL)").isEqualTo(137);
        int deliveredBeforeKill = distinctPairs(deliveries(prefix));
        assertThat(deliveredBeforeKill)
                .as("versions at the portal when the hub was killed (of %d accepted): the kill must come while "
                        + "the backlog is being delivered", acceptedPairs.size())
                .isPositive().isLessThan(acceptedPairs.size());

        // the hub starts again on what the crash left behind and delivers the rest
        long restartStarted = System.nanoTime();
        // nothing the restarted hub sends can arrive before this instant, nothing the killed one sent after it
        Instant restartBegan = Instant.now();
        HubProcess restarted = HubProcess.start(dataDir, portal.baseUrl(), args);
        long restartReadyMs = millisSince(restartStarted);
        awaitQuietly("every accepted version at the portal", Duration.ofSeconds(60),
                () -> receivedPairs(deliveries(prefix)).containsAll(acceptedPairs));
        long drainedMs = millisSince(restartStarted);
        Map<String, Integer> latest = latestVersions(accepted);
        Map<String, JsonNode> views = new ConcurrentHashMap<>();
        awaitQuietly("every dossier SYNCED", Duration.ofSeconds(15), () -> allSynced(restarted, latest, views));
        restarted.stop();

        // what the portal received, in arrival order, once nothing can be sent any more
        List<Delivery> received = deliveries(prefix);
        List<Delivery> beforeKill = received.stream().filter(d -> d.at().isBefore(restartBegan)).toList();
        Map<String, List<Delivery>> byPair = received.stream()
                .collect(Collectors.groupingBy(Delivery::pair, TreeMap::new, Collectors.toList()));
        List<String> missing = acceptedPairs.stream().filter(p -> !byPair.containsKey(p))
                .map(p -> describeMissing(p, accepted, received, restartBegan, killedAt, views)).toList();
        List<String> neverAccepted = byPair.keySet().stream().filter(p -> !acceptedPairs.contains(p)).toList();
        Map<String, List<Delivery>> duplicated = byPair.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        List<String> notInFlightAtKill = duplicated.entrySet().stream()
                .filter(e -> !wasInFlightAtKill(e.getValue(), beforeKill))
                .map(e -> e.getKey() + " received " + e.getValue().size() + " times, "
                        + times(e.getValue(), killedAt))
                .toList();
        List<String> backwards = wentBackwards(received);
        List<String> notSynced = latest.entrySet().stream()
                .filter(e -> !isSynced(views.get(e.getKey()), e.getValue()))
                .map(e -> e.getKey() + ": " + summary(views.get(e.getKey())) + ", latest accepted v" + e.getValue())
                .toList();
        System.out.printf("PortalSyncCrashIT [%s, run %s]: hub ready in %d ms; %d dossiers, %d versions accepted "
                        + "in %d ms (%d of them at the portal by then); killed %d ms after the last 202 with %d "
                        + "versions at the portal (%d requests); restarted hub ready in %d ms, backlog delivered %d ms "
                        + "after the restart began; portal received %d requests, %d distinct versions, %d missing, "
                        + "%d versions twice %s; %d not SYNCED; total %d ms%n",
                HubProcess.Database.of(dataDir).label(), run, readyMs, latest.size(), acceptedPairs.size(), acceptMs,
                deliveredWhenAccepted, Duration.between(accepted.get(accepted.size() - 1).at(), killedAt).toMillis(),
                distinctPairs(beforeKill), beforeKill.size(), restartReadyMs, drainedMs, received.size(), byPair.size(),
                missing.size(), duplicated.size(), duplicated.keySet(), notSynced.size(), millisSince(testStarted));

        assertThat(missing).as("accepted dossier versions the portal never received (lost)").isEmpty();
        assertThat(neverAccepted).as("versions the portal received that no client had a 202 for").isEmpty();
        assertThat(backwards).as("dossiers whose state went backwards at the portal (arrival order)").isEmpty();
        assertThat(notInFlightAtKill)
                .as("versions received more than once that were not the delivery in flight at the kill").isEmpty();
        // in flight at the kill: a call in progress in each lane, and the versions delivered whose outcomes were
        // waiting for the next record transaction (a lane does not wait for its last version's record)
        assertThat(duplicated).as("versions received twice (those in flight at the kill)")
                .hasSizeLessThanOrEqualTo(2 * CONCURRENT_CONSUMERS);
        assertThat(notSynced).as("dossiers not SYNCED at their latest version on the restarted hub").isEmpty();
        passed = true;
    }

    /** The portal down for a minute while dossiers are registered: every version reaches it once it is back, in order. */
    @Test
    void aPortalOutageOfAMinuteMidRunEndsWithEveryVersionDeliveredInOrder() throws Exception {
        long testStarted = System.nanoTime();
        String run = newRun();
        String prefix = "OUTAGE-" + run + "-";
        portal = startPortal();
        StubMapping outage = portal.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0)
                .willReturn(aResponse().withStatus(503)));
        dataDir = HubProcess.newDataDir("portal-sync-outage", run);
        // the hub's own retry settings (hub.portal.max-attempts and the backoff): they are to ride out a
        // portal outage of a minute without dead-lettering anything
        HubProcess hub = HubProcess.start(dataDir, portal.baseUrl(), Map.of(
                "hub.portal.concurrent-consumers", Integer.toString(CONCURRENT_CONSUMERS)));
        // mid-run: half the dossiers before the portal is seen down, half while it is down
        List<Accepted> accepted = new ArrayList<>(accept(hub, prefix, OUTAGE_DOSSIERS / 2, n -> 1 + EVENTS.size()));

        // the hub keeps trying with backoff: the portal has refused a dossier of every consumer, and
        // the hub counts several delivery attempts of one (its retries, with growing backoff)
        int attemptsToWaitFor = 3;
        await("the hub retrying against the unavailable portal").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    long refusedDossiers = deliveries(prefix).stream().filter(d -> d.status() == 503)
                            .map(Delivery::dossierId).distinct().count();
                    return refusedDossiers >= Math.min(CONCURRENT_CONSUMERS, OUTAGE_DOSSIERS / 2)
                            && mostSyncAttempts(hub, latestVersions(accepted).keySet()) >= attemptsToWaitFor;
                });
        accepted.addAll(accept(hub, prefix + "during-", OUTAGE_DOSSIERS / 2, n -> 1 + EVENTS.size()));
        Instant firstRefusal = deliveries(prefix).get(0).at();
        Duration outageLength = Duration.ofSeconds(60);
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), firstRefusal.plus(outageLength)).toMillis()));
        portal.removeStub(outage);
        long portalBack = System.nanoTime();
        long outageMs = Duration.between(firstRefusal, Instant.now()).toMillis();
        Map<String, Integer> latest = latestVersions(accepted);
        int attemptsDuringOutage = mostSyncAttempts(hub, latest.keySet());

        // the longest backoff (30 s by default) after the portal is back, then the backlog
        Map<String, JsonNode> views = new ConcurrentHashMap<>();
        awaitQuietly("every dossier SYNCED", Duration.ofSeconds(60), () -> allSynced(hub, latest, views));
        long drainedMs = millisSince(portalBack);
        hub.stop();

        List<Delivery> received = deliveries(prefix);
        Map<String, List<Delivery>> byDossier = received.stream()
                .collect(Collectors.groupingBy(Delivery::dossierId, TreeMap::new, Collectors.toList()));
        List<String> backwards = wentBackwards(received);
        Map<String, List<Integer>> acceptedByPortal = new TreeMap<>();
        Map<String, Integer> lastReceived = new TreeMap<>();
        byDossier.forEach((id, deliveries) -> {
            acceptedByPortal.put(id, deliveries.stream().filter(d -> d.status() == 200)
                    .map(Delivery::version).toList());
            lastReceived.put(id, deliveries.get(deliveries.size() - 1).version());
        });
        Map<String, List<Integer>> expected = new TreeMap<>();
        latest.forEach((id, last) -> expected.put(id, IntStream.rangeClosed(1, last).boxed().toList()));
        List<String> notSynced = latest.entrySet().stream()
                .filter(e -> !isSynced(views.get(e.getKey()), e.getValue()))
                .map(e -> e.getKey() + ": " + summary(views.get(e.getKey())) + ", latest accepted v" + e.getValue())
                .toList();
        long refusals = received.stream().filter(d -> d.status() == 503).count();
        long mostRefused = received.stream().filter(d -> d.status() == 503)
                .collect(Collectors.groupingBy(Delivery::dossierId, Collectors.counting()))
                .values().stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf("PortalSyncCrashIT [%s, run %s]: %d dossiers, %d versions accepted; portal unavailable "
                        + "for %d ms from the hub's first attempt (%d requests refused with 503, at most %d for one "
                        + "dossier; the hub counted at most %d attempts of one dossier); backlog drained %d ms after "
                        + "it returned; %d versions accepted by the portal; %d not SYNCED; total %d ms%n",
                HubProcess.Database.of(dataDir).label(), run, latest.size(), accepted.size(), outageMs, refusals,
                mostRefused, attemptsDuringOutage, drainedMs, received.size() - refusals, notSynced.size(),
                millisSince(testStarted));

        assertThat(backwards).as("dossiers whose state went backwards at the portal (arrival order)").isEmpty();
        assertThat(lastReceived).as("the last version the portal received of each dossier").isEqualTo(latest);
        assertThat(acceptedByPortal).as("the versions the portal accepted (200) of each dossier, in arrival order: "
                + "every version, once, in order").isEqualTo(expected);
        assertThat(notSynced).as("dossiers not SYNCED at their latest version").isEmpty();
        passed = true;
    }

    /**
     * Registers dossiers {@code prefix0 … prefix(count-1)} from parallel clients, each with
     * {@code versions(n)} versions (the PUT, then events in time order), and returns every version
     * answered 202. Anything else fails the test: these are all valid.
     */
    private static List<Accepted> accept(HubProcess hub, String prefix, int count, IntUnaryOperator versions)
            throws InterruptedException {
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> refused = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        for (int n = 0; n < count; n++) {
            String dossierId = prefix + n;
            int versionCount = versions.applyAsInt(n);
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
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).as("dossiers registered").isTrue();
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

    private static String newRun() {
        return UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    private static WireMockServer startPortal() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(64).usingFilesUnderDirectory("mock-endpoints"));
        server.start();
        return server;
    }

    /** This run's portal requests from WireMock's request journal, oldest first. */
    private List<Delivery> deliveries(String prefix) {
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
                deliveries.add(new Delivery(dossierId, Integer.parseInt(request.getHeader(PortalSync.VERSION_HEADER)),
                        event.getResponse().getStatus(),
                        request.getLoggedDate().toInstant()));
            }
        }
        return deliveries;
    }

    private static Set<String> receivedPairs(List<Delivery> deliveries) {
        return deliveries.stream().map(Delivery::pair).collect(Collectors.toSet());
    }

    private static int distinctPairs(List<Delivery> deliveries) {
        return receivedPairs(deliveries).size();
    }

    private static Map<String, Integer> latestVersions(List<Accepted> accepted) {
        return accepted.stream()
                .collect(Collectors.toMap(Accepted::dossierId, Accepted::version, Math::max, TreeMap::new));
    }

    /** Dossiers whose versions, in the order the portal received them, go down somewhere. */
    private static List<String> wentBackwards(List<Delivery> deliveries) {
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

    /**
     * A version received twice was in flight at the kill when: the first copy arrived from the
     * killed hub as the last version of that dossier it sent, and the second from the restarted one.
     */
    private static boolean wasInFlightAtKill(List<Delivery> copies, List<Delivery> beforeKill) {
        if (copies.size() != 2) {
            return false;
        }
        Delivery first = copies.get(0);
        Delivery lastBeforeKill = null;
        for (Delivery d : beforeKill) {
            if (d.dossierId().equals(first.dossierId())) {
                lastBeforeKill = d;
            }
        }
        return lastBeforeKill != null && lastBeforeKill.equals(first) && !beforeKill.contains(copies.get(1));
    }

    /** Reads every dossier not yet seen SYNCED at its latest version; true when none is left. */
    private static boolean allSynced(HubProcess hub, Map<String, Integer> latest, Map<String, JsonNode> views)
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

    /** The most delivery attempts the hub reports ({@code syncAttempts}) for any of these dossiers. */
    private static int mostSyncAttempts(HubProcess hub, Set<String> dossierIds)
            throws IOException, InterruptedException {
        int most = 0;
        for (String dossierId : dossierIds) {
            HttpResponse<String> answer = hub.get("/api/v1/dossiers/" + dossierId, API_KEY);
            assertThat(answer.statusCode()).as("GET of dossier %s", dossierId).isEqualTo(200);
            most = Math.max(most, json(answer.body()).path("syncAttempts").asInt());
        }
        return most;
    }

    private static boolean isSynced(JsonNode view, int latestVersion) {
        return view != null && "SYNCED".equals(view.path("syncState").asText())
                && view.path("version").asInt() == latestVersion;
    }

    /** A dossier's sync fields, never its document. */
    private static String summary(JsonNode view) {
        if (view == null) {
            return "not read";
        }
        return "version " + view.path("version").asText() + ", syncState " + view.path("syncState").asText()
                + ", syncAttempts " + view.path("syncAttempts").asText() + ", lastSyncError "
                + view.path("lastSyncError").asText() + ", lastSyncedAt " + view.path("lastSyncedAt").asText();
    }

    /** The evidence for a lost version: when it was accepted, what the portal got of that dossier and when. */
    private static String describeMissing(String pair, List<Accepted> accepted, List<Delivery> received,
                                          Instant restartBegan, Instant killedAt, Map<String, JsonNode> views) {
        String dossierId = pair.substring(0, pair.lastIndexOf(" v"));
        Map<String, Object> evidence = new LinkedHashMap<>();
        accepted.stream().filter(a -> a.pair().equals(pair)).findFirst()
                .ifPresent(a -> evidence.put("accepted", relative(a.at(), killedAt)));
        List<String> portalGot = new ArrayList<>();
        for (Delivery d : received) {
            if (d.dossierId().equals(dossierId)) {
                portalGot.add("v" + d.version() + " " + d.status() + " " + relative(d.at(), killedAt)
                        + (d.at().isBefore(restartBegan) ? " (killed hub)" : " (restarted hub)"));
            }
        }
        evidence.put("portal received", portalGot);
        evidence.put("hub says", summary(views.get(dossierId)));
        return pair + " " + evidence;
    }

    private static String times(List<Delivery> copies, Instant killedAt) {
        return copies.stream().map(d -> relative(d.at(), killedAt)).toList().toString();
    }

    private static String relative(Instant at, Instant killedAt) {
        long ms = Duration.between(killedAt, at).toMillis();
        return ms < 0 ? -ms + " ms before the kill" : ms + " ms after the kill";
    }

    /** Waits for a condition; on timeout the assertions that follow say precisely what is missing. */
    private static void awaitQuietly(String what, Duration atMost, Callable<Boolean> condition) {
        try {
            await(what).atMost(atMost).pollInterval(Duration.ofMillis(200)).until(condition);
        } catch (ConditionTimeoutException e) {
            System.out.printf("PortalSyncCrashIT: not within %d s: %s%n", atMost.toSeconds(), what);
        }
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
