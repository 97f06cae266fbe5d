package vn.lgsp.hub.procedures;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.procedures.*}: the procedure catalogue pre-fill reads.
 *
 * @param shipped the catalogue the hub starts with, a Spring resource location; empty for none (only what
 *     administrators store). Each entry is checked at start as a change would be: a wrong one stops the start.
 * @param topic the Artemis topic a change is announced on; each instance subscribes (non-durable)
 * @param resyncIntervalMs how often each instance also compares the stored entries' versions with those it
 *     applied, for an announcement it missed: the database is the truth
 */
@Validated
@ConfigurationProperties("hub.procedures")
public record ProcedureProperties(
        @DefaultValue("classpath:procedures/examples.json") String shipped,
        @NotBlank @DefaultValue("hub.procedures.changed") String topic,
        @DefaultValue("60000") @Min(1000) long resyncIntervalMs) {
}
