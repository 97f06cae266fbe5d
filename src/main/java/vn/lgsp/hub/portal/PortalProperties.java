package vn.lgsp.hub.portal;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.portal.*}: the dossier sync to the National Public Service Portal.
 *
 * @param databaseCodes the portal's code (MaCSDL) of each source, for DSKetNoiCSDL
 * @param sweepIntervalMs how often versions committed but not yet queued (a crash between the two) are queued
 */
@Validated
@ConfigurationProperties("hub.portal")
public record PortalProperties(
        @NotNull @DefaultValue("http://localhost:8089") URI baseUrl,
        @NotBlank @DefaultValue("/dvcqg/api/v1/dongbohoso") String path,
        @DefaultValue("5000") @Min(100) int timeoutMs,
        @NotBlank @DefaultValue("portal.sync") String queue,
        @NotBlank @DefaultValue("portal.sync.dlq") String deadLetterQueue,
        @DefaultValue("8") @Min(1) int concurrentConsumers,
        @DefaultValue("6") @Min(1) int maxAttempts,
        @DefaultValue("500") @Min(0) long initialBackoffMs,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("30000") @Min(0) long maxBackoffMs,
        @DefaultValue("10000") @Min(100) long sweepIntervalMs,
        @DefaultValue Map<String, String> databaseCodes) {

    public PortalProperties {
        databaseCodes = databaseCodes == null || databaseCodes.isEmpty()
                ? Map.of("citizens", "CSDLQGDC", "enterprises", "CSDLQGDKDN", "land", "CSDLDD",
                        "criminal-records", "CSDLLLTP")
                : Map.copyOf(databaseCodes);
    }
}
