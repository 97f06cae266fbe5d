package vn.lgsp.hub.sources.citizens;

import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.citizens.*}: what the province's connection to the population database needs besides
 * its address ({@code hub.sources.citizens.*}).
 *
 * @param integrationCode    {@code MaTichHop}, the integration code of the citizen lookup service
 * @param requestIdPrefix    the prefix of each lookup's {@code MaYeuCau} (request id)
 * @param legacyLookupsUntil the last day (business time zone) on which a citizen lookup without name and
 *                           birth date is still answered, from a stored copy only; none: never
 */
@Validated
@ConfigurationProperties("hub.citizens")
public record CitizenLookupProperties(
        @DefaultValue("037") @Pattern(regexp = "[0-9A-Za-z]{1,10}") String integrationCode,
        @DefaultValue("LGSPHUB") @Pattern(regexp = "[0-9A-Za-z_-]{1,20}") String requestIdPrefix,
        LocalDate legacyLookupsUntil) {
}
