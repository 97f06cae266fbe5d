package vn.lgsp.hub.sources.routefiles;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.route-set.*}: how hub instances sharing a database learn of a reload or of a source route
 * stopped or started on one of them.
 *
 * @param topic the Artemis topic a new generation is announced on; each instance subscribes (non-durable)
 * @param resyncIntervalMs how often each instance also compares the latest stored generation with the
 *     one it applied (one single-row read), for an announcement it missed: the database is the truth
 */
@Validated
@ConfigurationProperties("hub.route-set")
public record RouteSetProperties(
        @NotBlank @DefaultValue("hub.routes.changed") String topic,
        @DefaultValue("5000") @Min(500) long resyncIntervalMs) {
}
