package vn.lgsp.hub.ledger;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubProcess;

/**
 * docs/design.md "The reuse ledger": <em>a response the client received has its ledger row committed,
 * even if the hub is killed with {@code kill -9} right after.</em>
 *
 * <p>The promise is about a real crash, so this is not a Spring test: it starts the packaged hub
 * as its own OS process ({@link HubProcess}) against WireMock serving {@code mock-endpoints/},
 * loads it with concurrent lookups of every outcome (found, not found, invalid identifier),
 * SIGKILLs it while lookups are in flight, and then reads the ledger straight from the database
 * the dead process left behind. Every lookup whose response the client received must have exactly
 * one committed row. Rows for lookups whose response was lost in the kill are allowed (committed,
 * then killed before the answer left the hub). Finally the hub must start again on the same data
 * and keep recording.
 *
 * <p>Runs against the embedded H2 file database by default, and against PostgreSQL under
 * {@code -Ppostgres-it} (the datasource system properties are passed through to the hub). The
 * PostgreSQL database is shared, so nothing is deleted there: every correlation id of a run
 * carries a random run prefix and only those rows are counted.
 */
class LedgerCrashIT {

    private static final String API_KEY = "dev-provincial-key";
    private static final String PROCEDURE_CODE = "1.001612";
    private static final int CLIENT_THREADS = 16;
    /** How long the load runs before the kill, and how many answers it must have had by then. */
    private static final Duration LOAD_BEFORE_KILL = Duration.ofMillis(2500);
    private static final int MIN_RESPONSES_BEFORE_KILL = 300;

    /**
     * The lookups fired at the hub, one of each outcome a client receives. Every one of them is a
     * lookup attempt by a known client, so every one of them must have its row.
     */
    private enum Lookup {
        CITIZEN_FOUND("/api/v1/citizens/074085000123", 200),
        ENTERPRISE_FOUND("/api/v1/enterprises/0100233488", 200),
        LAND_PARCEL_FOUND("/api/v1/land-parcels/25747/12/345", 200),
        CITIZEN_NOT_FOUND("/api/v1/citizens/074085999999", 404),
        CITIZEN_INVALID_ID("/api/v1/citizens/12345", 400);

        final String path;
        final int expectedStatus;

        Lookup(String path, int expectedStatus) {
            this.path = path;
            this.expectedStatus = expectedStatus;
        }
    }

    /** A response the client received in full: what was asked, the status, and when (System.nanoTime). */
    private record Received(Lookup lookup, int status, String hubError, long atNanos) {
    }

    private static final String RUN = "crash-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    private static WireMockServer mocks;
    private static Path dataDir;
    private static HubProcess.Database database;
    private static volatile boolean passed;

    @BeforeAll
    static void startMocks() throws IOException {
        mocks = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .containerThreads(64).usingFilesUnderDirectory("mock-endpoints"));
        mocks.start();
        dataDir = HubProcess.newDataDir("ledger-crash", RUN);
        database = HubProcess.Database.of(dataDir);
    }

    @AfterAll
    static void stopEverything() throws InterruptedException, IOException {
        HubProcess.killAll();
        if (mocks != null) {
            mocks.stop();
        }
        if (passed) {
            // the database and broker journal of a passing run are of no further use; logs stay
            HubProcess.deleteDataDir(dataDir);
        }
    }

    @Test
    void everyLookupResponseTheClientReceivedHasItsLedgerRowAfterKillMinus9() throws Exception {
        long testStarted = System.nanoTime();
        HubProcess hub = HubProcess.start(dataDir, mocks.baseUrl(), Map.of());
        long readyAt = System.nanoTime();

        // concurrent lookups of every outcome, each with its own correlation id
        Map<String, Received> received = new ConcurrentHashMap<>();
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger lostInKill = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENT_THREADS);
        for (int t = 0; t < CLIENT_THREADS; t++) {
            String dossierId = "CRASH-" + RUN + "-" + t;
            clients.execute(() -> {
                while (!stop.get()) {
                    long n = sequence.incrementAndGet();
                    Lookup lookup = Lookup.values()[(int) (n % Lookup.values().length)];
                    String correlationId = RUN + "-" + n;
                    inFlight.incrementAndGet();
                    try {
                        HttpResponse<String> response = hub.get(lookup.path, API_KEY, "X-Dossier-Id", dossierId,
                                "X-Procedure-Code", PROCEDURE_CODE, "X-Correlation-Id", correlationId);
                        received.put(correlationId, new Received(lookup, response.statusCode(),
                                response.headers().firstValue("X-Hub-Error").orElse(null), System.nanoTime()));
                    } catch (IOException e) {
                        // not received: the hub died before the whole answer reached the client
                        lostInKill.incrementAndGet();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    } finally {
                        inFlight.decrementAndGet();
                    }
                }
            });
        }

        // the experiment: let the load run, then SIGKILL the hub in the middle of it
        long loadStarted = System.nanoTime();
        await("at least " + MIN_RESPONSES_BEFORE_KILL + " lookup responses")
                .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> received.size() >= MIN_RESPONSES_BEFORE_KILL);
        long remaining = LOAD_BEFORE_KILL.toNanos() - (System.nanoTime() - loadStarted);
        if (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
        }
        int inFlightAtKill = inFlight.get();
        long killedAt = System.nanoTime();
        // no new lookups from here; the ones in flight stay in flight into the kill
        stop.set(true);
        int exitStatus = hub.kill();
        clients.shutdown();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).as("client threads stopped").isTrue();
        long loadMillis = TimeUnit.NANOSECONDS.toMillis(killedAt - loadStarted);
        // 128 + 9: killed by the signal, not a graceful shutdown that could flush the writer
        assertThat(exitStatus).as("the hub's exit status (137 = killed by SIGKILL)").isEqualTo(137);
        assertThat(inFlightAtKill).as("lookups in flight when the hub was killed").isPositive();

        // the ledger as the dead process left it: its database, and its journal's rows not yet imported
        Map<String, Integer> rows = leftBehind();
        List<String> missing = new ArrayList<>();
        received.entrySet().stream()
                .filter(r -> !rows.containsKey(r.getKey()))
                .sorted(Map.Entry.comparingByValue(Comparator.comparingLong(Received::atNanos)))
                .forEach(r -> missing.add(describe(r.getKey(), r.getValue(), killedAt)));
        Map<String, Integer> duplicated = rows.entrySet().stream().filter(e -> e.getValue() != 1)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        long extraRows = rows.keySet().stream().filter(id -> !received.containsKey(id)).count();
        int receivedAfterKill = (int) received.values().stream().filter(r -> r.atNanos() >= killedAt).count();
        System.out.printf("LedgerCrashIT [%s, run %s]: hub ready in %d ms; %d ms of load with %d client threads; "
                        + "%d lookups sent, %d responses received (%d of them after the kill signal), %d lost in the "
                        + "kill (%d in flight at the kill); %d ledger rows; %d rows without a received response; "
                        + "%d received responses without a row; statuses %s%n",
                database.label(), RUN, TimeUnit.NANOSECONDS.toMillis(readyAt - testStarted), loadMillis,
                CLIENT_THREADS, sequence.get(), received.size(), receivedAfterKill, lostInKill.get(), inFlightAtKill,
                rows.size(), extraRows, missing.size(), statusCounts(received));

        assertThat(missing)
                .as("received lookup responses whose ledger row was not kept when the hub was killed "
                        + "(correlation id: lookup, status, when received)")
                .isEmpty();
        assertThat(duplicated).as("correlation ids with more than one ledger row").isEmpty();
        assertThat(received.size()).as("responses received").isGreaterThanOrEqualTo(MIN_RESPONSES_BEFORE_KILL);
        // the load exercised the outcomes it meant to: each lookup answered as the fixtures say
        Map<String, Long> unexpected = received.values().stream()
                .filter(r -> r.status() != r.lookup().expectedStatus)
                .collect(Collectors.groupingBy(r -> r.lookup() + "->" + r.status() + " " + r.hubError(),
                        TreeMap::new, Collectors.counting()));
        assertThat(unexpected).as("responses with another status than the fixture's").isEmpty();

        // the hub starts again on what the crash left behind and keeps recording
        int rowsBeforeRestart = rows.size();
        HubProcess restarted = HubProcess.start(dataDir, mocks.baseUrl(), Map.of());
        String afterRestart = RUN + "-restart";
        HttpResponse<String> answer = restarted.get(Lookup.CITIZEN_FOUND.path, API_KEY,
                "X-Dossier-Id", "CRASH-" + RUN + "-restart", "X-Procedure-Code", PROCEDURE_CODE,
                "X-Correlation-Id", afterRestart);
        assertThat(answer.statusCode()).as("a lookup after the restart").isEqualTo(200);
        // the embedded H2 file opens in one process at a time: read it once the hub has shut down
        restarted.stop();

        // the restart imported the journal's rows before it took lookups: every row in the database, once
        Map<String, Integer> rowsAfterRestart = ledgerRows();
        assertThat(rowsAfterRestart).as("the lookup after the restart has its row").containsEntry(afterRestart, 1);
        assertThat(rowsAfterRestart).as("ledger rows of this run after the restart").hasSize(rowsBeforeRestart + 1);
        assertThat(rowsAfterRestart.values()).as("rows per correlation id after the restart").containsOnly(1);
        // the report's daily counters are committed with the rows: the crash left them equal
        assertThat(dailyCounted(PROCEDURE_CODE)).as("lookups the report counts for procedure " + PROCEDURE_CODE)
                .isEqualTo(ledgerCounted(PROCEDURE_CODE));
        System.out.printf("LedgerCrashIT [%s, run %s]: restarted on the same data, ledger rows %d -> %d; total %d ms%n",
                database.label(), RUN, rowsBeforeRestart, rowsAfterRestart.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - testStarted));
        passed = true;
    }

    /**
     * This run's ledger rows as the dead process left them: in its database, and in its journal after
     * the position the database has imported (docs/design.md "The reuse ledger").
     */
    private static Map<String, Integer> leftBehind() throws SQLException, IOException {
        Map<String, Integer> rows = ledgerRows();
        try (LedgerJournal journal = LedgerJournal.open(dataDir.resolve("ledger-journal"), 1 << 20, false);
             Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT segment, segment_offset FROM ledger_journal WHERE journal_id = ?")) {
            select.setString(1, journal.id());
            LedgerJournal.Position imported = null;
            try (ResultSet result = select.executeQuery()) {
                if (result.next()) {
                    imported = new LedgerJournal.Position(result.getLong(1), result.getLong(2));
                }
            }
            int journaled = 0;
            for (LedgerJournal.Entry e : journal.recordsFrom(imported)) {
                if (e.entry().correlationId().startsWith(RUN + "-")) {
                    rows.merge(e.entry().correlationId(), 1, Integer::sum);
                    journaled++;
                }
            }
            System.out.printf("LedgerCrashIT [%s, run %s]: %d rows of the run in the journal, not yet imported%n",
                    database.label(), RUN, journaled);
        }
        return rows;
    }

    /** This run's ledger rows, read straight from the database: correlation id to number of rows. */
    private static Map<String, Integer> ledgerRows() throws SQLException {
        Map<String, Integer> rows = new HashMap<>();
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT correlation_id FROM lookup_ledger WHERE correlation_id LIKE ?")) {
            select.setString(1, RUN + "-%");
            try (ResultSet result = select.executeQuery()) {
                while (result.next()) {
                    rows.merge(result.getString(1), 1, Integer::sum);
                }
            }
        }
        return rows;
    }

    private static long ledgerCounted(String procedureCode) throws SQLException {
        return count("SELECT COUNT(*) FROM lookup_ledger WHERE procedure_code = ?", procedureCode);
    }

    private static long dailyCounted(String procedureCode) throws SQLException {
        return count("SELECT COALESCE(SUM(lookups), 0) FROM lookup_daily WHERE dimension = 'procedure' "
                + "AND dimension_key = ?", procedureCode);
    }

    private static long count(String sql, String parameter) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url(), database.user(), database.password());
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setString(1, parameter);
            try (ResultSet result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static String describe(String correlationId, Received r, long killedAt) {
        long before = TimeUnit.NANOSECONDS.toMillis(killedAt - r.atNanos());
        return correlationId + ": " + r.lookup() + ", " + r.status() + (r.hubError() == null ? "" : " " + r.hubError())
                + ", received " + (before >= 0 ? before + " ms before" : -before + " ms after") + " the kill signal";
    }

    private static Map<String, Long> statusCounts(Map<String, Received> received) {
        return received.values().stream().collect(Collectors.groupingBy(
                r -> r.lookup() + "=" + r.status(), TreeMap::new, Collectors.counting()));
    }
}
