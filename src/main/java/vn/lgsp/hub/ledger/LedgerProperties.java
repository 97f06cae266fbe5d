package vn.lgsp.hub.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.ledger.*}: the reuse ledger's writer.
 *
 * @param enabled false only to measure the hub without its ledger (BENCHMARKS.md); a lookup is
 *                then answered without any record, which breaks the ledger guarantee
 * @param maxBatch rows written to the database in one transaction at most
 * @param queueCapacity lookups waiting for their row to be kept, and (with the journal) rows kept in
 *                      the journal and not yet in the database, at most; beyond, lookups answer 503
 * @param commitTimeoutMs how long a lookup waits for its row to be kept before answering 503
 * @param journal whether a lookup's row is kept in the journal ({@link LedgerJournal}) before the answer
 *                and moved to the database in batches after; false: committed to the database before
 *                the answer (for an instance without a data directory of its own that survives it)
 * @param journalDirectory the journal's directory, one per hub instance
 * @param importDelayMs how long a row stays in the journal at most before it is moved to the database
 *                      (sooner when {@code maxBatch} rows wait, or a report asks for the ledger)
 * @param journalSegmentBytes the size at which a journal file is closed and the next begun
 * @param journalSync whether each append to the journal waits until the disk has it (fsync): the rows
 *                    of answered lookups then survive a power loss too, not only a crash of the hub
 */
@Validated
@ConfigurationProperties("hub.ledger")
public record LedgerProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("500") @Min(1) @Max(10_000) int maxBatch,
                               @DefaultValue("20000") @Min(1) int queueCapacity,
                               @DefaultValue("5000") @Min(1) long commitTimeoutMs,
                               @DefaultValue("true") boolean journal,
                               @DefaultValue("data/ledger-journal") Path journalDirectory,
                               @DefaultValue("200") @Min(0) @Max(60_000) long importDelayMs,
                               @DefaultValue("67108864") @Min(65_536) long journalSegmentBytes,
                               @DefaultValue("false") boolean journalSync) {
}
