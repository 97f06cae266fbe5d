package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import vn.lgsp.hub.LgspHubApplication;
import vn.lgsp.hub.cluster.Purges;
import vn.lgsp.hub.cluster.Reencryption;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.support.DossierFixtures;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * Keys that can change (docs/production.md, "Rotating the data-protection keys"): one hub restarted twice on the
 * same database and data directory, first with key version 1 alone (the development keys), then with a
 * version 2 added and current, then a version 3. Across both rotations a citizen's lookups are answered from the
 * reuse store, the data tracker lists every lookup whatever version hashed it, a dossier registered under
 * version 1 stays readable and syncs, a criminal-record request submitted under version 1 is issued under
 * version 2 with its certificate sealed under its row's version, rows still under an older key are read before
 * the re-encryption job moves them and after, the job leaves none behind, the report of the day is the same
 * across each rotation, and the purge deletes expired copies and delivered snapshots, never one still to be
 * delivered.
 *
 * <p>The restarted hub has a database of its own (an H2 file under its data directory; under
 * {@code -Ppostgres-it} a PostgreSQL database this test creates), since the shared test context, which has
 * version 1 only, must not find rows it cannot read.
 */
class KeyRotationIT extends HubIT {

    private static final String DATA_DIR = "./target/test-data-keys";
    private static final String CITIZEN = "074085000123";
    private static final String LOOKUP = "/api/v1/citizens/" + CITIZEN;
    private static final String KEY_2 = testKey(2);
    private static final String KEY_3 = testKey(3);
    private static final String SECRET_2 = "key-rotation-test-subject-secret-version-2";
    private static final String SECRET_3 = "key-rotation-test-subject-secret-version-3";
    private static final Duration SETTLED = Duration.ofSeconds(15);
    /** The criminal-records service's status polled (the first start submits only). */
    private static final String POLLING = "--hub.criminal-records.poll-interval-ms=100";

    private static String ownDatabase;
    private ConfigurableApplicationContext hub;

    private static String testKey(int seed) {
        byte[] raw = new byte[32];
        java.util.Arrays.fill(raw, (byte) (0x40 + seed));
        return Base64.getEncoder().encodeToString(raw);
    }

    // --- the hub, restarted -------------------------------------------------------------------------

    /**
     * The hub on the test's database and data directory with key versions 1 to {@code versions}, the last current;
     * {@code more} are settings of this start ({@code --name=value}, in place of the same name's).
     */
    private void start(int versions, String... more) {
        List<String> arguments = new ArrayList<>(SecondContext.arguments(DATA_DIR));
        for (String setting : more) {
            String name = setting.substring(0, setting.indexOf('=') + 1);
            arguments.removeIf(a -> a.startsWith(name));
        }
        arguments.addAll(database());
        arguments.add("--server.port=0");
        // the same journal across restarts, as a hub instance's data directory has it
        arguments.add("--hub.ledger.journal-directory=" + DATA_DIR + "/ledger-journal");
        arguments.add("--hub.portal.base-url=" + MOCKS.baseUrl());
        arguments.add("--hub.criminal-records.base-url=" + MOCKS.baseUrl());
        for (String source : new String[] {"citizens", "enterprises", "land"}) {
            arguments.add("--hub.sources." + source + ".base-url=" + MOCKS.baseUrl());
        }
        arguments.add("--hub.sources.citizens.reuse-mode=prefer-copy");
        arguments.add("--hub.sources.citizens.reuse-ttl-seconds=3600");
        // the jobs run when the test says
        arguments.add("--hub.data-protection.re-encryption.interval-ms=86400000");
        arguments.add("--hub.data-protection.purge.interval-ms=86400000");
        if (versions >= 2) {
            arguments.add("--hub.data-protection.keys.2.encryption-key=" + KEY_2);
            arguments.add("--hub.data-protection.keys.2.subject-hmac-secret=" + SECRET_2);
        }
        if (versions >= 3) {
            arguments.add("--hub.data-protection.keys.3.encryption-key=" + KEY_3);
            arguments.add("--hub.data-protection.keys.3.subject-hmac-secret=" + SECRET_3);
        }
        arguments.addAll(List.of(more));
        hub = new SpringApplicationBuilder(LgspHubApplication.class).profiles("dev", "test")
                .run(arguments.toArray(String[]::new));
        port = Integer.parseInt(hub.getEnvironment().getRequiredProperty("local.server.port"));
        assertThat(hub.getBean(DataProtection.class).currentVersion()).isEqualTo(versions);
    }

    private void restart(int versions, String... more) {
        hub.close();
        start(versions, more);
    }

    @AfterEach
    void stop() {
        if (hub != null) {
            hub.close();
            hub = null;
        }
    }

    /**
     * The database's arguments: none under H2 (a file under the data directory, made anew); under PostgreSQL a
     * database of this test's own, made anew beside the one the build names.
     */
    private static List<String> database() {
        String url = System.getProperty("spring.datasource.url", "");
        if (!url.startsWith("jdbc:postgresql:")) {
            if (ownDatabase == null) {
                FileSystemUtils.deleteRecursively(Path.of(DATA_DIR).toFile());
                ownDatabase = "h2";
            }
            return List.of();
        }
        // a build of its own on the same server (another worktree's, say) makes a database of its own
        String name = "lgsp_key_rotation_" + ProcessHandle.current().pid();
        if (ownDatabase == null) {
            FileSystemUtils.deleteRecursively(Path.of(DATA_DIR).toFile());
            postgres(url, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)", "CREATE DATABASE " + name);
            ownDatabase = name;
        }
        return List.of("--spring.datasource.url=" + url.replaceFirst("^(jdbc:postgresql://[^/]+/)[^?]*", "$1" + name));
    }

    private static void postgres(String url, String... statements) {
        try (Connection c = DriverManager.getConnection(url, System.getProperty("spring.datasource.username", "postgres"),
                System.getProperty("spring.datasource.password", ""));
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    static void dropOwnDatabase() {
        String url = System.getProperty("spring.datasource.url", "");
        if (url.startsWith("jdbc:postgresql:") && ownDatabase != null) {
            postgres(url, "DROP DATABASE IF EXISTS " + ownDatabase + " WITH (FORCE)");
        }
    }

    /** The restarted hub's database, every lookup answered so far in it. */
    private JdbcTemplate db() {
        assertThat(hub.getBean(LedgerWriter.class).awaitImported()).isTrue();
        return hub.getBean(JdbcTemplate.class);
    }

    // --- what the test does through the API ----------------------------------------------------------

    private String servedFrom() {
        Response answer = get(LOOKUP, PROVINCIAL_KEY, "X-Dossier-Id", "000.00.12.H12-KEYS-0001",
                "X-Procedure-Code", "1.001612");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        assertThat(answer.json().path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        return answer.header("X-Hub-Served-From");
    }

    private JsonNode dossier(String id) {
        Response answer = get("/api/v1/dossiers/" + id, PROVINCIAL_KEY);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    private void awaitSynced(String id, int version) {
        await().atMost(SETTLED).untilAsserted(() -> {
            JsonNode d = dossier(id);
            assertThat(d.path("version").asInt()).isEqualTo(version);
            assertThat(d.path("syncState").asText()).isEqualTo("SYNCED");
        });
    }

    private void register(String id) {
        assertThat(putDossier(id, DossierFixtures.portalReady("2026-11-20T08:15:00+07:00", CITIZEN), PROVINCIAL_KEY)
                .status()).isEqualTo(202);
    }

    /** The citizen's accesses, as the data tracker lists them to the portal. */
    private JsonNode accesses() {
        Response answer = get("/api/v1/data-subjects/citizens/" + CITIZEN + "/accesses?limit=100", "dev-portal-key");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json().path("accesses");
    }

    /** The reuse report of the day by source, with its total. */
    private JsonNode reportOfTheDay() {
        LocalDate today = LocalDate.now(BusinessTime.ZONE);
        Response answer = get("/api/v1/reports/reuse?from=" + today + "&to=" + today + "&groupBy=source&include=total",
                AUDITOR_KEY);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer.json();
    }

    /** The day's citizen lookups in the report: in all, from the source, from the reuse store. */
    private static List<Long> citizenLookups(JsonNode report) {
        JsonNode counts = report.path("total").path("lookups").path("citizens");
        return List.of(counts.path("total").asLong(), counts.path("fromSource").asLong(),
                counts.path("fromReuseStore").asLong());
    }

    /** A criminal-record request the service will issue (its mock, by the dossier id), submitted but not polled yet. */
    private String criminalRecordRequest(String dossierId) {
        Response accepted = send(HttpRequest.newBuilder(uri("/api/v1/criminal-record-requests"))
                .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                .header("X-Dossier-Id", dossierId).header("X-Procedure-Code", "2.000488")
                .header("X-Officer-Id", "CB-007").header("X-Agency-Code", "000.00.12.H12")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"personalId": "%s", "certificateType": 1, "purpose": "Bổ sung hồ sơ xin việc",
                         "applicant": {"fullName": "Nguyễn Văn An", "dateOfBirth": "1985-03-14"}}
                        """.formatted(CITIZEN))).build());
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json().path("requestId").asText();
    }

    /** The request is issued, and its certificate and PDF open. */
    private void assertIssued(String request) {
        JsonNode issued = get("/api/v1/criminal-record-requests/" + request, PROVINCIAL_KEY).json();
        assertThat(issued.path("status").asText()).isEqualTo("ISSUED");
        assertThat(issued.path("certificate").isObject()).as(issued.toString()).isTrue();
        Response pdf = get("/api/v1/criminal-record-requests/" + request + "/certificate", PROVINCIAL_KEY);
        assertThat(pdf.status()).isEqualTo(200);
        assertThat(pdf.body()).startsWith("%PDF");
    }

    // --- what the test checks in the database -------------------------------------------------------

    /** Rows of each sealed table under a key older than {@code version}. */
    private Map<String, Long> behind(int version) {
        Map<String, Long> rows = new java.util.TreeMap<>();
        for (SealedTable t : sealedTables()) {
            rows.put(t.table(), db().queryForObject("SELECT COUNT(*) FROM " + t.table() + " WHERE key_version < ?",
                    Long.class, version));
        }
        return rows;
    }

    private List<SealedTable> sealedTables() {
        return hub.getBeansOfType(SealedTable.Owner.class).values().stream()
                .flatMap(owner -> owner.sealedTables().stream()).toList();
    }

    /** Every row of every sealed table is under {@code version} and opens there, each column with its row's binding. */
    private void everyRowOpensUnder(int version) {
        DataProtection protection = hub.getBean(DataProtection.class);
        int opened = 0;
        for (SealedTable t : sealedTables()) {
            String select = "SELECT " + String.join(", ", t.keyColumns()) + ", key_version, "
                    + String.join(", ", t.columns().stream().map(SealedTable.Column::name).toList()) + " FROM " + t.table();
            List<Integer> counted = db().query(select, (rs, n) -> {
                List<Object> key = new ArrayList<>();
                for (int i = 1; i <= t.keyColumns().size(); i++) {
                    key.add(rs.getObject(i));
                }
                assertThat(rs.getInt(t.keyColumns().size() + 1)).as(t.table()).isEqualTo(version);
                int columns = 0;
                for (int i = 0; i < t.columns().size(); i++) {
                    byte[] sealed = rs.getBytes(t.keyColumns().size() + 2 + i);
                    if (sealed != null) {
                        assertThat(protection.decrypt(sealed, version, t.columns().get(i).associatedData().apply(key)))
                                .isNotEmpty();
                        columns++;
                    }
                }
                return columns;
            });
            opened += counted.stream().mapToInt(Integer::intValue).sum();
        }
        assertThat(opened).as("sealed values opened").isGreaterThanOrEqualTo(5);
    }

    private double rowsLeftGauge(String table) {
        return hub.getBean(MeterRegistry.class).get("hub.reencryption.rows.left").tag("table", table).gauge().value();
    }

    private double resealed(String table) {
        return hub.getBean(MeterRegistry.class).get("hub.reencryption.rows").tag("table", table)
                .tag("outcome", "resealed").counter().count();
    }

    /** Each version's subject hash of the citizen in the ledger, by their form. */
    private List<String> citizenHashesInTheLedger() {
        return db().queryForList("SELECT DISTINCT subject_hash FROM lookup_ledger WHERE source = 'citizens'", String.class)
                .stream().map(String::trim).sorted().toList();
    }

    // --- the story ----------------------------------------------------------------------------------

    @Test
    void twoRotationsLoseNothingAndLeaveNothingBehind() {
        String registeredUnderOne = "000.00.12.H12-KEYS-" + System.nanoTime();
        String registeredUnderTwo = registeredUnderOne + "-2";

        // key version 1 alone: today's configuration
        start(1);
        assertThat(servedFrom()).isEqualTo("source");
        assertThat(servedFrom()).isEqualTo("reuse-store");
        register(registeredUnderOne);
        awaitSynced(registeredUnderOne, 1);
        // a criminal-record request submitted under version 1, not polled before the rotation
        String request = criminalRecordRequest("LLTP-ISSUED-KEYS-" + System.nanoTime());
        await().atMost(SETTLED).until(() -> db().queryForObject("SELECT COUNT(*) FROM criminal_record_request "
                + "WHERE upstream_request_id IS NOT NULL", Long.class) == 1);
        assertThat(citizenHashesInTheLedger()).hasSize(1).allMatch(h -> h.matches("[0-9a-f]{64}"));
        JsonNode reportUnderOne = reportOfTheDay();
        assertThat(citizenLookups(reportUnderOne)).containsExactly(2L, 1L, 1L);

        // version 2 added and current: what version 1 sealed and hashed is read and found before the job runs
        restart(2);
        assertThat(reportOfTheDay()).as("the day's report across the rotation").isEqualTo(reportUnderOne);
        assertThat(behind(2)).containsEntry("reuse_copy", 1L).containsEntry("dossier", 1L)
                .containsEntry("dossier_sync", 1L).containsEntry("criminal_record_request", 1L);
        assertThat(servedFrom()).as("the copy stored under version 1").isEqualTo("reuse-store");
        assertThat(dossier(registeredUnderOne).path("applicant").path("name").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(dossierEvent(registeredUnderOne, "PROCESSING", "2026-11-20T09:00:00+07:00").status()).isEqualTo(202);
        awaitSynced(registeredUnderOne, 2);
        register(registeredUnderTwo);
        awaitSynced(registeredUnderTwo, 1);
        // the version 1 copy expires: the next answer from the source is stored under version 2's hash and key
        db().update("UPDATE reuse_copy SET expires_at = stored_at");
        assertThat(servedFrom()).isEqualTo("source");
        assertThat(servedFrom()).isEqualTo("reuse-store");
        assertThat(db().queryForList("SELECT subject_hash FROM reuse_copy WHERE key_version = 2", String.class))
                .singleElement().asString().startsWith("k2:");
        // the request is polled now, and issued: its certificate and PDF sealed under its row's version, 1
        restart(2, POLLING);
        await().atMost(SETTLED).until(() -> "ISSUED".equals(get("/api/v1/criminal-record-requests/" + request,
                PROVINCIAL_KEY).json().path("status").asText()));
        assertThat(db().queryForObject("SELECT key_version FROM criminal_record_request", Integer.class)).isEqualTo(1);
        assertIssued(request);

        long moved = hub.getBean(Reencryption.class).round();

        assertThat(moved).isEqualTo(4);
        assertThat(behind(2)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        assertIssued(request);
        for (SealedTable t : sealedTables()) {
            assertThat(rowsLeftGauge(t.table())).as(t.table()).isZero();
        }
        assertThat(resealed("dossier") + resealed("dossier_sync") + resealed("reuse_copy")
                + resealed("criminal_record_request")).isEqualTo(4);
        everyRowOpensUnder(2);
        assertThat(get("/actuator/prometheus", null).body()).containsPattern(
                "hub_reencryption_rows_left\\{[^}]*table=\"criminal_record_request\"[^}]*} 0\\.0")
                .containsPattern("hub_reencryption_rows_total\\{[^}]*outcome=\"resealed\"[^}]*table=\"dossier\"[^}]*} 1\\.0");
        // the expired copy of version 1's hash is purged; the subject's copy of version 2 answers
        assertThat(hub.getBean(Purges.class).round()).isEqualTo(1);
        assertThat(db().queryForList("SELECT subject_hash FROM reuse_copy", String.class))
                .singleElement().asString().startsWith("k2:");
        assertThat(servedFrom()).isEqualTo("reuse-store");
        JsonNode reportUnderTwo = reportOfTheDay();
        assertThat(citizenLookups(reportUnderTwo)).containsExactly(6L, 2L, 4L);

        // version 3 added and current; delivered snapshots are kept no longer
        restart(3, POLLING, "--hub.data-protection.purge.sync-snapshot-retention-days=0");
        assertThat(reportOfTheDay()).as("the day's report across the second rotation").isEqualTo(reportUnderTwo);
        assertThat(servedFrom()).as("the copy stored under version 2").isEqualTo("reuse-store");
        assertThat(dossier(registeredUnderOne).path("applicant").path("name").asText()).isEqualTo("Nguyễn Văn An");
        assertThat(dossierEvent(registeredUnderOne, "RESOLVED", "2026-11-21T10:00:00+07:00").status()).isEqualTo(202);
        awaitSynced(registeredUnderOne, 3);
        assertThat(dossier(registeredUnderTwo).path("version").asInt()).isEqualTo(1);

        // the data tracker: every lookup of the citizen, under each version's hash, and the criminal-record request
        List<String> hashes = citizenHashesInTheLedger();
        assertThat(hashes).hasSize(3);
        assertThat(hashes.get(0)).matches("[0-9a-f]{64}");
        assertThat(hashes.get(1)).matches("k2:[0-9a-f]{61}");
        assertThat(hashes.get(2)).matches("k3:[0-9a-f]{61}");
        JsonNode accesses = accesses();
        assertThat(StreamSupport.stream(accesses.spliterator(), false).filter(a -> "citizens".equals(
                a.path("source").asText()))).hasSize(7);
        assertThat(StreamSupport.stream(accesses.spliterator(), false).filter(a -> "criminal-records".equals(
                a.path("source").asText()))).hasSize(1);

        // the copy, both dossiers, the three snapshots sealed before this start, the request
        assertThat(hub.getBean(Reencryption.class).round()).as("moved to version 3").isEqualTo(7);
        assertThat(behind(3)).allSatisfy((table, rows) -> assertThat(rows).as(table).isZero());
        everyRowOpensUnder(3);
        assertThat(servedFrom()).isEqualTo("reuse-store");
        assertThat(dossier(registeredUnderTwo).path("applicant").path("name").asText()).isEqualTo("Nguyễn Văn An");
        assertIssued(request);

        // a version the portal refuses is dead-lettered: its snapshot stays (it may be replayed), the delivered go
        String refused = "REFUSE-KEYS-" + System.nanoTime();
        register(refused);
        await().atMost(SETTLED).until(() -> "FAILED".equals(dossier(refused).path("syncState").asText()));
        long delivered = db().queryForObject("SELECT COUNT(*) FROM dossier_sync WHERE state = 'DELIVERED'", Long.class);
        assertThat(delivered).isEqualTo(4);

        assertThat(hub.getBean(Purges.class).round()).isEqualTo(delivered);

        assertThat(db().queryForList("SELECT state FROM dossier_sync", String.class)).containsExactly("DEAD");
        assertThat(dossier(registeredUnderOne).path("syncState").asText()).isEqualTo("SYNCED");
    }
}
