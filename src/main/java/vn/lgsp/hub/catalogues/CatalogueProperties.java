package vn.lgsp.hub.catalogues;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.catalogues.*}: how hub instances sharing a database learn of a catalogue an administrator changed.
 *
 * @param topic the Artemis topic a change is announced on; each instance subscribes (non-durable)
 * @param resyncIntervalMs how often each instance also compares the stored catalogues' versions with
 *     those it applied, for an announcement it missed (a broker outage): the database is the truth
 */
@Validated
@ConfigurationProperties("hub.catalogues")
public record CatalogueProperties(
        @NotBlank @DefaultValue("hub.catalogues.changed") String topic,
        @DefaultValue("60000") @Min(1000) long resyncIntervalMs) {
}
