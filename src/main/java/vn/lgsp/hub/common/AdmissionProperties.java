package vn.lgsp.hub.common;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.admission.*}: how many API requests the hub works on at once.
 *
 * @param maxInFlight requests under {@code /api/} in progress at most, on all clients together;
 *                    one more is answered 503 {@code hub.overloaded} at once, before it is read
 * @param retryAfterSeconds the {@code Retry-After} of that answer
 */
@Validated
@ConfigurationProperties("hub.admission")
public record AdmissionProperties(@DefaultValue("256") @Min(1) @Max(100_000) int maxInFlight,
                                  @DefaultValue("1") @Min(1) @Max(3600) int retryAfterSeconds) {
}
