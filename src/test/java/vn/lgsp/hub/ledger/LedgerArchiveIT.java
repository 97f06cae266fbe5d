package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/operations.md "Retention and archives": a month past retention is archived (compressed JSON Lines and a
 * signed manifest), read back and verified, and its rows leave the database, while its report stays exactly as
 * it was and the chain through it still verifies; the archive verifies offline and names an edit made to it;
 * brought back for an investigation, its rows are in the database again and verify.
 */
class LedgerArchiveIT extends HubIT {

    @Autowired
    private LedgerWriter writer;

    @Value("${hub.ledger.archive.directory}")
    private Path archives;

    /** A month long past the default retention of five years, and one no other run of this test used. */
    private static YearMonth oldMonth() {
        Random random = new Random();
        return YearMonth.of(1990 + random.nextInt(25), 1 + random.nextInt(12));
    }

    private void seed(YearMonth month, int lookups) {
        for (int i = 0; i < lookups; i++) {
            LocalDate day = month.atDay(1 + i % month.lengthOfMonth());
            writer.record(new LedgerEntry(day.atTime(9, i % 60).atZone(BusinessTime.ZONE).toInstant(),
                    "provincial-ap-system", "000.00.12.H12", "ARC-" + month + "-" + i, "1.001612", null,
                    i % 3 == 0 ? "land" : "citizens", Long.toHexString(i).repeat(64).substring(0, 64),
                    i % 4 == 0 ? "NOT_FOUND" : "FOUND", i % 4 == 0 ? null : "source", 40 + i,
                    "archive-" + month + "-" + i), null);
        }
    }

    private String report(YearMonth month) {
        Response report = get("/api/v1/reports/reuse?from=" + month.atDay(1) + "&to=" + month.atEndOfMonth()
                + "&groupBy=source", AUDITOR_KEY);
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        return report.body();
    }

    private long rowsOf(YearMonth month) {
        return ledgerTables().queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE business_date >= ? "
                + "AND business_date < ?", Long.class, month.atDay(1), month.plusMonths(1).atDay(1));
    }

    private static int verifyOffline(Path archive, YearMonth month, ByteArrayOutputStream out) {
        return LedgerVerifyCommand.run(List.of("--public-key", LedgerChainDatabaseTest.PUBLIC_KEY, "--archive",
                archive.toString(), "--month", month.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(OutputStream.nullOutputStream()));
    }

    @Test
    void aMonthPastRetentionIsArchivedVerifiedAndRemovedWithItsReportUnchangedThenBroughtBack() throws IOException {
        YearMonth month = oldMonth();
        String partition = LedgerArchives.partitionName(month);
        boolean postgres = jdbc.queryForObject("SELECT COUNT(*) FROM information_schema.tables "
                + "WHERE table_name = 'lookup_ledger_default'", Integer.class) > 0;
        if (postgres) {
            // on PostgreSQL the month has its partition, as every month since the hub started has
            jdbc.execute("CREATE TABLE " + partition + " PARTITION OF lookup_ledger FOR VALUES FROM ('" + month.atDay(1)
                    + "') TO ('" + month.plusMonths(1).atDay(1) + "')");
        }
        seed(month, 30);
        String before = report(month);
        assertThat(rowsOf(month)).isEqualTo(30);

        Response archived = postJson("/api/v1/admin/ledger/archives/" + month, "", ADMIN_KEY);

        assertThat(archived.status()).as(archived.body()).isEqualTo(200);
        JsonNode entry = archived.json();
        assertThat(entry.path("month").asText()).isEqualTo(month.toString());
        assertThat(entry.path("rows").asLong()).isEqualTo(30);
        assertThat(entry.path("batches").asLong()).isPositive();
        assertThat(entry.path("removedAt").isNull()).as("removed: past retention").isFalse();
        assertThat(rowsOf(month)).as("the month's rows left the database").isZero();
        if (postgres) {
            assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NULL", Boolean.class, partition))
                    .as("its partition dropped").isTrue();
        }
        assertThat(report(month)).as("the report of an archived month").isEqualTo(before);
        JsonNode chain = get("/api/v1/admin/ledger/verification?from=" + LocalDate.now(BusinessTime.ZONE), AUDITOR_KEY)
                .json();
        assertThat(chain.path("verified").asBoolean()).as(chain.toString()).isTrue();
        assertThat(chain.path("archivedBatches").asLong()).isGreaterThanOrEqualTo(entry.path("batches").asLong());
        assertThat(get("/api/v1/admin/ledger/archives", ADMIN_KEY).json().path("archives").toString())
                .contains("\"month\":\"" + month + "\"");

        // the archive alone, offline, with the public key alone
        Path folder = archives.resolve(LedgerArchive.folder(month));
        assertThat(folder.resolve(LedgerArchive.MANIFEST)).exists();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(verifyOffline(archives, month, out)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("\"verified\" : true").contains("\"rows\" : 30");

        // brought back for an investigation: the rows again, the chain verifies, the report unchanged
        Response back = postJson("/api/v1/admin/ledger/archives/" + month + "/reimport", "", ADMIN_KEY);
        assertThat(back.status()).as(back.body()).isEqualTo(200);
        assertThat(back.json().path("removedAt").isNull()).isTrue();
        assertThat(back.json().path("reimportedAt").isNull()).isFalse();
        assertThat(rowsOf(month)).isEqualTo(30);
        assertThat(report(month)).isEqualTo(before);
        chain = get("/api/v1/admin/ledger/verification?from=" + LocalDate.now(BusinessTime.ZONE), AUDITOR_KEY).json();
        assertThat(chain.path("verified").asBoolean()).as(chain.toString()).isTrue();
        assertProblem(postJson("/api/v1/admin/ledger/archives/" + month + "/reimport", "", ADMIN_KEY), 409,
                "client.conflict");
        // held for the investigation: archiving again keeps the rows
        Response again = postJson("/api/v1/admin/ledger/archives/" + month, "", ADMIN_KEY);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(rowsOf(month)).isEqualTo(30);
    }

    @Test
    void anArchiveEditedAfterItWasWrittenIsNamedOffline() throws IOException {
        YearMonth month = oldMonth();
        seed(month, 12);
        assertThat(postJson("/api/v1/admin/ledger/archives/" + month, "", ADMIN_KEY).status()).isEqualTo(200);
        Path copy = Files.createTempDirectory("archive-copy");
        Path folder = archives.resolve(LedgerArchive.folder(month));
        for (String name : List.of(LedgerArchive.MANIFEST, LedgerArchive.BATCHES, LedgerArchive.ROWS)) {
            Files.copy(folder.resolve(name), copy.resolve(name));
        }
        String rows;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(copy.resolve(LedgerArchive.ROWS)))) {
            rows = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // one row's outcome changed, the file compressed again
        String edited = rows.replaceFirst("\"outcome\":\"FOUND\"", "\"outcome\":\"TIMEOUT\"");
        assertThat(edited).isNotEqualTo(rows);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(copy.resolve(LedgerArchive.ROWS)))) {
            gz.write(edited.getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(verifyOffline(copy, month, out)).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("\"verified\" : false").contains("\"reason\" : \"rows-altered\"");

        // and a row deleted from it
        String deleted = rows.substring(rows.indexOf('\n') + 1);
        try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(copy.resolve(LedgerArchive.ROWS)))) {
            gz.write(deleted.getBytes(StandardCharsets.UTF_8));
        }
        out.reset();
        assertThat(verifyOffline(copy, month, out)).isEqualTo(1);
        assertThat(out.toString()).contains("\"reason\" : \"rows-deleted\"");
    }

    @Test
    void aMonthNotOverAMonthWithoutLedgerAndABadMonthAreRefused() {
        YearMonth now = YearMonth.now(BusinessTime.ZONE);
        assertProblem(postJson("/api/v1/admin/ledger/archives/" + now, "", ADMIN_KEY), 409, "client.conflict");
        assertProblem(postJson("/api/v1/admin/ledger/archives/1970-01", "", ADMIN_KEY), 404, "client.not_found");
        assertProblem(postJson("/api/v1/admin/ledger/archives/2026-13", "", ADMIN_KEY), 400, "client.invalid_request");
        assertProblem(postJson("/api/v1/admin/ledger/archives/1970-01/reimport", "", ADMIN_KEY), 404,
                "client.not_found");
        assertProblem(get("/api/v1/admin/ledger/archives", AUDITOR_KEY), 403, "client.forbidden");
    }
}
