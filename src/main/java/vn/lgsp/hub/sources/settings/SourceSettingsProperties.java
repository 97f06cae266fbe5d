package vn.lgsp.hub.sources.settings;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.source-settings.*}: how hub instances sharing a database learn of live source changes.
 *
 * @param topic the Artemis topic a change is announced on; each instance subscribes (non-durable)
 * @param resyncIntervalMs how often each instance also compares the stored settings with those it
 *     applied, for an announcement it missed (a broker outage): the database is the truth
 */
@Validated
@ConfigurationProperties("hub.source-settings")
public record SourceSettingsProperties(
        @NotBlank @DefaultValue("hub.sources.changed") String topic,
        @DefaultValue("60000") @Min(1000) long resyncIntervalMs) {
}
