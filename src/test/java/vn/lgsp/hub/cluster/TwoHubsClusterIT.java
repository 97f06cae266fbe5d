package vn.lgsp.hub.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.lgsp.hub.support.PortalDeliveries.API_KEY;
import static vn.lgsp.hub.support.PortalDeliveries.EVENTS;
import static vn.lgsp.hub.support.PortalDeliveries.PORTAL;
import static vn.lgsp.hub.support.PortalDeliveries.PORTAL_OK;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import vn.lgsp.hub.support.ArtemisPair;
import vn.lgsp.hub.support.HubProcess;
import vn.lgsp.hub.support.PortalDeliveries;
import vn.lgsp.hub.support.PortalDeliveries.Accepted;
import vn.lgsp.hub.support.PortalDeliveries.Delivery;

/**
 * docs/operations.md, the clustered deployment, on real processes: two packaged hubs
 * ({@link HubProcess}) on one PostgreSQL, an Artemis primary/backup pair with replication
 * ({@link ArtemisPair}, the Apache distribution), WireMock serving {@code mock-endpoints/}. Each test
 * is a promise an operator of N instances relies on: what an administrator changes on one instance
 * is in force on the other within 2 s, a client's rate is one budget whichever instance it reaches,
 * a sweep runs on one instance at a time and never queues a row twice, and neither the SIGKILL of
 * a hub under load nor that of the primary broker mid-backlog loses a lookup's ledger row or a
 * version a client got a {@code 202} for, nor delivers a dossier's versions out of order.
 *
 * <p>Runs under {@code -Pcluster-it} (PostgreSQL, the Artemis distribution unpacked by the build).
 * The tests share one cluster and run in order: the two crashes come last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoHubsClusterIT {

    private static final String ADMIN_KEY = "dev-admin-key";
    private static final String LAND_OFFICE_KEY = "dev-land-office-key";
    private static final String LAND = "/api/v1/land-parcels/25747/12/345";
    private static final String[] LAND_CONTEXT = {"X-Dossier-Id", "CLUSTER-1", "X-Procedure-Code", "1.004227"};
    /** A change made on one instance is in force on every other within this. */
    private static final Duration PROPAGATION = Duration.ofSeconds(2);
    /** The rate of the client the cluster-wide limit is tried on (requests per second). */
    private static final int LIMITED_RATE = 5;
    private static final int CONCURRENT_CONSUMERS = 4;
    private static final Pattern SWEPT = Pattern.compile("portal\\.sync: queued (\\d+) parcels committed but never queued");

    private static String run;
    private static WireMockServer mocks;
    private static ArtemisPair brokers;
    private static Map<String, String> args;
    private static Path dataA;
    private static Path dataB;
    private static HubProcess hubA;
    private static HubProcess hubB;

    @BeforeAll
    static void startCluster() throws Exception {
        run = PortalDeliveries.newRun();
        mocks = PortalDeliveries.startMocks();
        dataA = HubProcess.newDataDir("cluster", run + "/hub-a");
        dataB = HubProcess.newDataDir("cluster", run + "/hub-b");
        assertThat(HubProcess.Database.of(dataA).postgres()).as("the cluster runs on PostgreSQL (-Pcluster-it)").isTrue();
        brokers = ArtemisPair.create(dataA.getParent().getParent().resolve("artemis"));
        brokers.start();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.artemis.mode", "native");
        properties.put("spring.artemis.embedded.enabled", "false");
        properties.put("spring.artemis.broker-url", brokers.clientUrl());
        properties.put("spring.artemis.user", brokers.user());
        properties.put("spring.artemis.password", brokers.password());
        properties.put("hub.criminal-records.base-url", mocks.baseUrl());
        properties.put("hub.portal.concurrent-consumers", Integer.toString(CONCURRENT_CONSUMERS));
        properties.put("hub.portal.sweep-interval-ms", "1000");
        properties.put("hub.security.rate-limits.per-client.land-office", Integer.toString(LIMITED_RATE));
        args = Map.copyOf(properties);
        hubA = HubProcess.start(dataA, mocks.baseUrl(), args);
        hubB = HubProcess.start(dataB, mocks.baseUrl(), args);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        HubProcess.killAll();
        if (brokers != null) {
            brokers.stop();
        }
        if (mocks != null) {
            mocks.stop();
        }
    }

    @Test
    @Order(1)
    void aSourceChangeOnOneInstanceIsInForceOnTheOtherWithinTwoSeconds() throws Exception {
        String changed = """
                {"baseUrl": "%s", "timeoutMs": 12345, "connectTimeoutMs": 1000, "enabled": true,
                 "reuseMode": "fallback", "reuseTtlSeconds": 86400,
                 "circuitBreaker": {"failureRateThreshold": 50, "slidingWindowSize": 20, "minimumNumberOfCalls": 10,
                                    "waitInOpenStateMs": 30000, "permittedCallsInHalfOpenState": 3}}
                """.formatted(mocks.baseUrl());
        int configured = json(hubB.get("/api/v1/admin/sources/land", ADMIN_KEY)).path("timeoutMs").asInt();
        assertThat(configured).isNotEqualTo(12345);
        try {
            assertThat(hubA.putJson("/api/v1/admin/sources/land", ADMIN_KEY, changed).statusCode()).isEqualTo(200);
            awaitOnB("the changed timeout in force on the other instance",
                    () -> json(hubB.get("/api/v1/admin/sources/land", ADMIN_KEY)).path("timeoutMs").asInt() == 12345);
        } finally {
            assertThat(hubA.delete("/api/v1/admin/sources/land", ADMIN_KEY).statusCode()).isEqualTo(200);
        }
        awaitOnB("the reset in force on the other instance",
                () -> json(hubB.get("/api/v1/admin/sources/land", ADMIN_KEY)).path("timeoutMs").asInt() == configured);
    }

    @Test
    @Order(2)
    void aRouteStopAndAReloadOnOneInstanceAreInForceOnTheOtherWithinTwoSeconds() throws Exception {
        String route = "source.land.fetch";
        try {
            assertThat(hubA.postJson("/api/v1/admin/routes/" + route + "/stop", ADMIN_KEY, "").statusCode()).isEqualTo(200);
            awaitOnB("the stopped route stopped on the other instance", () -> "Stopped".equals(routeStatus(hubB, route)));
        } finally {
            assertThat(hubA.postJson("/api/v1/admin/routes/" + route + "/start", ADMIN_KEY, "").statusCode()).isEqualTo(200);
        }
        awaitOnB("the started route started on the other instance", () -> "Started".equals(routeStatus(hubB, route)));

        long before = json(hubB.get("/api/v1/admin/routes", ADMIN_KEY)).path("routeSet").path("generation").asLong();
        HttpResponse<String> reload = hubA.postJson("/api/v1/admin/routes/reload", ADMIN_KEY, "");
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
        long reloaded = json(hubA.get("/api/v1/admin/routes", ADMIN_KEY)).path("routeSet").path("generation").asLong();
        assertThat(reloaded).isGreaterThan(before);
        awaitOnB("the reloaded route set applied on the other instance", () -> {
            JsonNode set = json(hubB.get("/api/v1/admin/routes", ADMIN_KEY)).path("routeSet");
            return set.path("generation").asLong() == reloaded && set.path("applied").asBoolean();
        });
        assertThat(hubB.get(LAND, LAND_OFFICE_KEY, LAND_CONTEXT).statusCode())
                .as("a land lookup on the other instance after the reload").isEqualTo(200);
    }

    @Test
    @Order(3)
    void aClientOverItsClusterWideRateIsRefusedWhicheverInstanceItReaches() throws Exception {
        Thread.sleep(1500); // the client's bucket full again, whatever the tests before took of it
        Map<String, Integer> served = new TreeMap<>();
        Map<String, Integer> refused = new TreeMap<>();
        long started = System.nanoTime();
        for (int i = 0; i < 4 * LIMITED_RATE; i++) {
            HubProcess hub = i % 2 == 0 ? hubA : hubB;
            String name = hub == hubA ? "A" : "B";
            int status = hub.get(LAND, LAND_OFFICE_KEY, LAND_CONTEXT).statusCode();
            assertThat(status).as("a lookup of the limited client").isIn(200, 429);
            (status == 200 ? served : refused).merge(name, 1, Integer::sum);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        int total = served.values().stream().mapToInt(Integer::intValue).sum();
        System.out.printf("TwoHubsClusterIT: a client of %d/s sent %d lookups over both instances in %.2f s: "
                + "served %s, refused %s%n", LIMITED_RATE, 4 * LIMITED_RATE, seconds, served, refused);
        // a second's worth at once, then the rate: the budget is one, whichever instance takes a request
        assertThat(total).as("lookups served of the limited client, both instances together")
                .isLessThanOrEqualTo(LIMITED_RATE + (int) Math.ceil(seconds * LIMITED_RATE));
        assertThat(refused).as("instances that refused the client with 429").containsKeys("A", "B");
    }

    @Test
    @Order(4)
    void aDeadLetterIsListedAndReplayedFromEitherInstanceAndTheReplayIsInTheOnesAuditTrail() throws Exception {
        String dossierId = "REFUSE-" + run;
        String body = """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
                 "channel": "ONLINE", "status": "RECEIVED", "applicant": {"idType": "OTHER", "idNumber": "B1234567"},
                 "components": []}
                """;
        assertThat(hubA.putJson("/api/v1/dossiers/" + dossierId, API_KEY, body).statusCode()).isEqualTo(202);
        await("the refused dossier FAILED").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> "FAILED".equals(json(hubA.get("/api/v1/dossiers/" + dossierId, API_KEY))
                        .path("syncState").asText()));

        // listed by the other instance: dead letters are on the broker both share (the dead letter is sent once
        // the outcome is recorded: it may follow the FAILED state by a moment)
        String[] found = new String[1];
        await("the dossier's dead letter, listed by instance B").atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    for (JsonNode letter : json(hubB.get("/api/v1/admin/dead-letters", ADMIN_KEY)).path("deadLetters")) {
                        if (letter.path("details").toString().contains(dossierId)) {
                            found[0] = letter.path("id").asText();
                        }
                    }
                    return found[0] != null;
                });
        String id = found[0];
        int refusals = (int) mocks.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getBodyAsString().contains(dossierId)).count();
        HttpResponse<String> replay = hubB.postJson("/api/v1/admin/dead-letters/" + id + "/replay", ADMIN_KEY, "");
        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(202);

        // refused again, so dead again: delivered after the replay, whichever instance took it
        await("the replayed version sent to the portal again").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> mocks.getAllServeEvents().stream()
                        .filter(e -> e.getRequest().getBodyAsString().contains(dossierId)).count() > refusals);
        JsonNode audit = json(hubA.get("/api/v1/admin/audit?limit=20", ADMIN_KEY)).path("events");
        assertThat(audit.toString()).as("instance A's audit trail shows the replay made on instance B")
                .contains("dead-letter.replay");
    }

    @Test
    @Order(5)
    void twoSweepersNeverQueueTheSameRowTwice() throws Exception {
        String prefix = "SWEEP-" + run + "-";
        List<Accepted> accepted = PortalDeliveries.accept(List.of(hubA, hubB), prefix, 200, n -> 1);
        Map<String, Integer> latest = PortalDeliveries.latestVersions(accepted);
        awaitAllSynced(latest, Duration.ofSeconds(60));
        int deliveredBefore = PortalDeliveries.deliveries(mocks, prefix).size();
        // both sweeps quiet: what they found at start-up (another run's leftovers) is queued and logged
        awaitQuietLogs();
        int sweptBefore = swept(hubA) + swept(hubB);

        // the rows look committed long ago and never queued (as a crash between commit and send leaves them)
        int reset;
        try (Connection db = database();
             PreparedStatement update = db.prepareStatement("UPDATE dossier_sync SET enqueued_at = NULL, "
                     + "created_at = created_at - INTERVAL '1 minute' WHERE dossier_id LIKE ?")) {
            update.setString(1, prefix + "%");
            reset = update.executeUpdate();
        }
        assertThat(reset).isEqualTo(200);
        await("every row queued again").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> unqueued(prefix) == 0);
        awaitQuietLogs();
        int sweptA = swept(hubA);
        int sweptB = swept(hubB);
        System.out.printf("TwoHubsClusterIT: %d rows left unqueued; the sweeps queued %d in all%n", reset,
                sweptA + sweptB - sweptBefore);
        assertThat(sweptA + sweptB - sweptBefore).as("rows the two instances' sweeps queued, together").isEqualTo(reset);
        Thread.sleep(2000);
        assertThat(PortalDeliveries.deliveries(mocks, prefix)).as("the portal had them all: nothing sent again")
                .hasSize(deliveredBefore);
    }

    @Test
    @Order(6)
    void killingAnInstanceMidLoadLosesNoLookupAndNoVersion() throws Exception {
        String prefix = "KILL-" + run + "-";
        ConcurrentLinkedQueue<String> servedLookups = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Accepted> accepted = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sequence = new AtomicInteger();
        List<HubProcess> hubs = List.of(hubA, hubB);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            boolean dossiers = c % 2 == 1;
            clients.execute(() -> {
                while (loading.get()) {
                    int n = sequence.incrementAndGet();
                    HubProcess hub = hubs.get(n % 2);
                    try {
                        if (dossiers) {
                            registerDossier(hub, prefix + n, accepted);
                        } else {
                            String correlationId = prefix + "L" + n;
                            HttpResponse<String> answer = hub.get(LAND, PortalDeliveries.API_KEY, "X-Correlation-Id",
                                    correlationId, LAND_CONTEXT[0], LAND_CONTEXT[1], LAND_CONTEXT[2], LAND_CONTEXT[3]);
                            if (answer.statusCode() == 200) {
                                servedLookups.add(correlationId);
                            }
                        }
                    } catch (IOException e) {
                        // the killed instance: no answer, nothing promised
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            });
        }
        Thread.sleep(4000);
        int exit = hubA.kill();
        assertThat(exit).as("instance A's exit status (137 = killed by SIGKILL)").isEqualTo(137);
        Thread.sleep(4000);
        loading.set(false);
        clients.shutdown();
        assertThat(clients.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        // the killed instance comes back on its own disk: its ledger journal holds rows not yet in the database
        hubA = HubProcess.start(dataA, mocks.baseUrl(), args);
        Map<String, Integer> latest = PortalDeliveries.latestVersions(List.copyOf(accepted));
        awaitAllSynced(latest, Duration.ofSeconds(90));
        Map<String, Integer> ledger = new HashMap<>();
        await("every served lookup in the ledger").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    ledger.clear();
                    ledger.putAll(ledgerRows(prefix + "L"));
                    return ledger.keySet().containsAll(servedLookups);
                });
        List<Delivery> received = PortalDeliveries.deliveries(mocks, prefix);
        System.out.printf("TwoHubsClusterIT: instance A killed mid-load: %d lookups served, %d versions accepted by "
                + "both instances, %d portal deliveries%n", servedLookups.size(), accepted.size(), received.size());
        assertThat(servedLookups).as("lookups served (200) during the run").isNotEmpty();
        assertThat(ledger.entrySet().stream().filter(e -> e.getValue() != 1).map(Map.Entry::getKey).toList())
                .as("lookups with more than one ledger row").isEmpty();
        assertThat(servedLookups.stream().filter(id -> !ledger.containsKey(id)).toList())
                .as("lookups served (200) with no ledger row").isEmpty();
        assertDeliveredInOrder(List.copyOf(accepted), received, 2 * CONCURRENT_CONSUMERS);
    }

    @Test
    @Order(7)
    void killingThePrimaryBrokerMidBacklogLosesNothingAndKeepsEachDossierInOrder() throws Exception {
        String prefix = "FAILOVER-" + run + "-";
        // a slow portal while the backlog builds, so the kill comes with messages on the queue and in flight
        StubMapping slow = mocks.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0)
                .willReturn(okJson(PORTAL_OK).withFixedDelay(200)));
        List<Accepted> accepted = new ArrayList<>(
                PortalDeliveries.accept(List.of(hubA, hubB), prefix, 80, n -> 1 + n % 3));
        Set<String> pairs = accepted.stream().map(Accepted::pair).collect(Collectors.toCollection(TreeSet::new));
        await("a quarter of the backlog at the portal").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> PortalDeliveries.distinctPairs(PortalDeliveries.deliveries(mocks, prefix)) >= pairs.size() / 4);

        Instant killedAt = Instant.now();
        brokers.killPrimary();
        brokers.awaitBackupActive(Duration.ofSeconds(60));
        Instant backupActiveAt = Instant.now();
        System.out.printf("TwoHubsClusterIT: the primary broker killed at %s, the backup active at %s%n", killedAt,
                backupActiveAt);
        // both instances go on without a restart: more dossiers through each, after the failover
        accepted.addAll(PortalDeliveries.accept(List.of(hubA, hubB), prefix + "after-", 40, n -> 1 + n % 3));
        mocks.editStub(post(urlPathEqualTo(PORTAL)).withId(slow.getId()).atPriority(0)
                .willReturn(okJson(PORTAL_OK).withFixedDelay(20)));
        Map<String, Integer> latest = PortalDeliveries.latestVersions(accepted);
        awaitAllSynced(latest, Duration.ofSeconds(120));
        mocks.removeStub(slow);

        List<Delivery> received = PortalDeliveries.deliveries(mocks, prefix);
        Instant lastBefore = received.stream().map(Delivery::at).filter(at -> at.isBefore(killedAt))
                .max(Instant::compareTo).orElseThrow();
        Instant firstAfter = received.stream().map(Delivery::at).filter(at -> at.isAfter(backupActiveAt))
                .min(Instant::compareTo).orElseThrow();
        System.out.printf("TwoHubsClusterIT: BROKER_FAILOVER_MS=%d (kill of the primary to the backup active); "
                        + "DELIVERY_GAP_MS=%d (the portal's last delivery before the kill to its first after the "
                        + "backup was active); %d versions accepted, %d deliveries%n",
                Duration.between(killedAt, backupActiveAt).toMillis(),
                Duration.between(lastBefore, firstAfter).toMillis(), accepted.size(), received.size());
        assertDeliveredInOrder(accepted, received, 2 * 2 * CONCURRENT_CONSUMERS);
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Every accepted version at the portal, each dossier's in order; copies only of what was in flight. */
    private static void assertDeliveredInOrder(List<Accepted> accepted, List<Delivery> received, int mostCopies) {
        Set<String> acceptedPairs = accepted.stream().map(Accepted::pair).collect(Collectors.toCollection(TreeSet::new));
        Set<String> receivedPairs = PortalDeliveries.receivedPairs(received);
        assertThat(acceptedPairs.stream().filter(p -> !receivedPairs.contains(p)).toList())
                .as("versions answered 202 that never reached the portal").isEmpty();
        List<String> backwards = PortalDeliveries.wentBackwards(received);
        Map<String, List<String>> evidence = new TreeMap<>();
        for (Delivery d : received) {
            if (backwards.stream().anyMatch(b -> b.startsWith(d.dossierId() + " "))) {
                evidence.computeIfAbsent(d.dossierId(), id -> new ArrayList<>())
                        .add("v" + d.version() + " " + d.status() + " at " + d.at());
            }
        }
        assertThat(backwards).as("dossiers whose versions went backwards at the portal (arrival order): %s", evidence)
                .isEmpty();
        long copies = received.size() - receivedPairs.size();
        assertThat(copies).as("versions delivered a second time (at least once: only those in flight at a crash)")
                .isLessThanOrEqualTo(mostCopies);
    }

    private static void registerDossier(HubProcess hub, String dossierId, Collection<Accepted> accepted)
            throws IOException, InterruptedException {
        String body = """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
                 "channel": "ONLINE", "status": "RECEIVED", "applicant": {"idType": "OTHER", "idNumber": "B1234567"},
                 "components": [{"code": "TP1", "name": "To khai", "digitized": true, "reused": false}]}
                """;
        HttpResponse<String> put = hub.putJson("/api/v1/dossiers/" + dossierId, API_KEY, body);
        if (put.statusCode() != 202) {
            return;
        }
        accepted.add(new Accepted(dossierId, 1, Instant.now()));
        HttpResponse<String> event = hub.postJson("/api/v1/dossiers/" + dossierId + "/events", API_KEY,
                EVENTS.get(0).json());
        if (event.statusCode() == 202) {
            accepted.add(new Accepted(dossierId, 2, Instant.now()));
        }
    }

    private static void awaitAllSynced(Map<String, Integer> latest, Duration atMost) {
        Map<String, JsonNode> views = new ConcurrentHashMap<>();
        try {
            await("every dossier SYNCED at its latest version").atMost(atMost).pollInterval(Duration.ofMillis(500))
                    .until(() -> PortalDeliveries.allSynced(hubB, latest, views));
        } catch (ConditionTimeoutException e) {
            List<String> notSynced = latest.entrySet().stream()
                    .filter(d -> !PortalDeliveries.isSynced(views.get(d.getKey()), d.getValue()))
                    .map(d -> d.getKey() + " latest accepted v" + d.getValue() + ", hub: " + views.get(d.getKey()))
                    .toList();
            throw new AssertionError("not SYNCED within " + atMost.toSeconds() + " s: " + notSynced, e);
        }
    }

    private static void awaitOnB(String what, java.util.concurrent.Callable<Boolean> condition) {
        await(what).atMost(PROPAGATION).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    private static String routeStatus(HubProcess hub, String routeId) throws IOException, InterruptedException {
        for (JsonNode route : json(hub.get("/api/v1/admin/routes", ADMIN_KEY)).path("routes")) {
            if (routeId.equals(route.path("id").asText())) {
                return route.path("status").asText();
            }
        }
        return null;
    }

    /** Waits until neither instance has logged a sweep for three seconds. */
    private static void awaitQuietLogs() {
        int[] last = {-1};
        long[] since = {System.nanoTime()};
        await("the sweeps quiet").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            int now = swept(hubA) + swept(hubB);
            if (now != last[0]) {
                last[0] = now;
                since[0] = System.nanoTime();
            }
            return System.nanoTime() - since[0] > TimeUnit.SECONDS.toNanos(3);
        });
    }

    /** The parcels the instance's portal sweeps say they queued, all told (its log). */
    private static int swept(HubProcess hub) throws IOException {
        int total = 0;
        Matcher matcher = SWEPT.matcher(Files.readString(hub.log()));
        while (matcher.find()) {
            total += Integer.parseInt(matcher.group(1));
        }
        return total;
    }

    private static int unqueued(String prefix) throws SQLException {
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement(
                     "SELECT count(*) FROM dossier_sync WHERE dossier_id LIKE ? AND enqueued_at IS NULL")) {
            query.setString(1, prefix + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }

    /** Ledger rows per correlation id, for the correlation ids with this prefix. */
    private static Map<String, Integer> ledgerRows(String prefix) throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection db = database();
             PreparedStatement query = db.prepareStatement("SELECT correlation_id, count(*) FROM lookup_ledger "
                     + "WHERE correlation_id LIKE ? GROUP BY correlation_id")) {
            query.setString(1, prefix + "%");
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getString(1), result.getInt(2));
                }
            }
        }
        return rows;
    }

    private static Connection database() throws SQLException {
        HubProcess.Database database = HubProcess.Database.of(dataA);
        return DriverManager.getConnection(database.url(), database.user(), database.password());
    }

    private static JsonNode json(HttpResponse<String> response) {
        return PortalDeliveries.json(response.body());
    }
}
