package vn.lgsp.hub.gateway;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.prefill.*}: how a pre-fill's lookups run.
 *
 * @param maxParallelLookups the threads the parts of all pre-fills in flight share; when all are busy, a part
 *     runs on its request's own thread (then after the others it started): never refused, never queued
 * @param graceMs how long past a source's timeouts (connect and answer) a pre-fill waits for that part before
 *     answering it {@code 504 source.timeout}; the lookup itself still ends and is recorded
 */
@Validated
@ConfigurationProperties("hub.prefill")
public record PrefillProperties(
        @DefaultValue("64") @Min(1) @Max(1024) int maxParallelLookups,
        @DefaultValue("500") @Min(0) @Max(60_000) long graceMs) {
}
