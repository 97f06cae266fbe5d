package vn.lgsp.hub.portal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static vn.lgsp.hub.support.PortalDeliveries.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubProcess;
import vn.lgsp.hub.support.PortalDeliveries.Accepted;
import vn.lgsp.hub.support.PortalDeliveries.Delivery;

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

    /** The hub's portal consumers: at most one delivery each can be in flight when the hub is killed. */
    private static final int CONCURRENT_CONSUMERS = 8;

    /**
     * Backlog test: dossiers, and how long the portal takes to answer each delivery — while the
     * clients register them (so the intake is queued whatever the hub's speed), and afterwards.
     */
    private static final int CRASH_DOSSIERS = 150;
    private static final int INTAKE_PORTAL_DELAY_MS = 1000;
    private static final int PORTAL_DELAY_MS = 50;
    /** Outage test: dossiers, each with {@code 1 + EVENTS.size()} versions. */
    private static final int OUTAGE_DOSSIERS = 24;

    private WireMockServer portal;
    private Path dataDir;
    private boolean passed;


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
        portal = startMocks();
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
        List<Accepted> accepted = accept(List.of(hub), prefix, CRASH_DOSSIERS, n -> 1 + n % 3);
        long acceptMs = millisSince(acceptStarted);
        int deliveredWhenAccepted = distinctPairs(deliveries(portal, prefix));
        // (requests already waiting keep their second; the next ones get the short delay)
        portal.editStub(post(urlPathEqualTo(PORTAL)).withId(slowPortal.getId()).atPriority(0)
                .willReturn(okJson(PORTAL_OK).withFixedDelay(PORTAL_DELAY_MS)));
        Set<String> acceptedPairs = accepted.stream().map(Accepted::pair)
                .collect(Collectors.toCollection(TreeSet::new));

        // the experiment: SIGKILL the hub while the backlog is being delivered
        int killWhenDelivered = acceptedPairs.size() / 4;
        await("a quarter of the accepted versions at the portal")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> distinctPairs(deliveries(portal, prefix)) >= killWhenDelivered);
        Instant killedAt = Instant.now();
        int exitStatus = hub.kill();
        assertThat(exitStatus).as("the hub's exit status (137 = killed by SIGKILL)").isEqualTo(137);
        int deliveredBeforeKill = distinctPairs(deliveries(portal, prefix));
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
                () -> receivedPairs(deliveries(portal, prefix)).containsAll(acceptedPairs));
        long drainedMs = millisSince(restartStarted);
        Map<String, Integer> latest = latestVersions(accepted);
        Map<String, JsonNode> views = new ConcurrentHashMap<>();
        awaitQuietly("every dossier SYNCED", Duration.ofSeconds(15), () -> allSynced(restarted, latest, views));
        restarted.stop();

        // what the portal received, in arrival order, once nothing can be sent any more
        List<Delivery> received = deliveries(portal, prefix);
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
        portal = startMocks();
        StubMapping outage = portal.stubFor(post(urlPathEqualTo(PORTAL)).atPriority(0)
                .willReturn(aResponse().withStatus(503)));
        dataDir = HubProcess.newDataDir("portal-sync-outage", run);
        // the hub's own retry settings (hub.portal.max-attempts and the backoff): they are to ride out a
        // portal outage of a minute without dead-lettering anything
        HubProcess hub = HubProcess.start(dataDir, portal.baseUrl(), Map.of(
                "hub.portal.concurrent-consumers", Integer.toString(CONCURRENT_CONSUMERS)));
        // mid-run: half the dossiers before the portal is seen down, half while it is down
        List<Accepted> accepted = new ArrayList<>(accept(List.of(hub), prefix, OUTAGE_DOSSIERS / 2, n -> 1 + EVENTS.size()));

        // the hub keeps trying with backoff: the portal has refused a dossier of every consumer, and
        // the hub counts several delivery attempts of one (its retries, with growing backoff)
        int attemptsToWaitFor = 3;
        await("the hub retrying against the unavailable portal").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200)).until(() -> {
                    long refusedDossiers = deliveries(portal, prefix).stream().filter(d -> d.status() == 503)
                            .map(Delivery::dossierId).distinct().count();
                    return refusedDossiers >= Math.min(CONCURRENT_CONSUMERS, OUTAGE_DOSSIERS / 2)
                            && mostSyncAttempts(hub, latestVersions(accepted).keySet()) >= attemptsToWaitFor;
                });
        accepted.addAll(accept(List.of(hub), prefix + "during-", OUTAGE_DOSSIERS / 2, n -> 1 + EVENTS.size()));
        Instant firstRefusal = deliveries(portal, prefix).get(0).at();
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

        List<Delivery> received = deliveries(portal, prefix);
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

}
