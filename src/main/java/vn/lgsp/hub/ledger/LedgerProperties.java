package vn.lgsp.hub.ledger;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.ledger.*}: the group-commit writer of the reuse ledger.
 *
 * @param enabled false only to measure the hub without its ledger (BENCHMARKS.md); a lookup is
 *                then answered without any record, which breaks the ledger guarantee
 * @param maxBatch rows committed together at most
 * @param queueCapacity lookups waiting for their commit at most; beyond, lookups answer 503
 * @param commitTimeoutMs how long a lookup waits for its row's commit before answering 503
 */
@Validated
@ConfigurationProperties("hub.ledger")
public record LedgerProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("500") @Min(1) @Max(10_000) int maxBatch,
                               @DefaultValue("20000") @Min(1) int queueCapacity,
                               @DefaultValue("5000") @Min(1) long commitTimeoutMs) {
}
