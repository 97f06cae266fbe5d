package vn.lgsp.hub.criminalrecords;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.criminal-records.*}: certificate requests to the criminal-records service (docs/api.md §3).
 *
 * @param baseUrl where the criminal-records service answers
 * @param submitPath where a declaration is posted ({@code UrlAPIDVC_BTP} in docs/national-systems.md §6.1)
 * @param statusPath where the status of a dossier is asked for ({@code UrlNhanTrangThai})
 * @param authKey the shared key the service gives the province ({@code authKey} of every call); a secret
 * @param provinceCode the province's code ({@code maTinh})
 * @param provinceName the province's name ({@code tenTinh})
 * @param onlineChannelName {@code tenNguonDangKy} of a request made online ({@code nguonDangKy} "1")
 * @param counterChannelName {@code tenNguonDangKy} of a request made at the counter ({@code nguonDangKy} "3")
 * @param timeoutMs connect and response timeout of one call
 * @param queue the persistent Artemis queue submissions go through
 * @param deadLetterQueue where a submission goes after its last attempt
 * @param concurrentConsumers consumers of the queue on this instance
 * @param maxAttempts submission attempts before the request is FAILED and dead-lettered
 * @param initialBackoffMs delay before the first retry of a submission, then times backoffMultiplier
 * @param maxBackoffMs longest delay between two submission attempts
 * @param sweepIntervalMs how often requests committed but not yet queued (a crash between the two) are queued
 * @param pollIntervalMs how often due requests are polled
 * @param pollBatchSize requests claimed per poll round at most
 * @param pollBackoffInitialMs delay before the first poll of a submitted request; it doubles after each
 *                             answer "still processing" (or failed poll)
 * @param pollBackoffMaxMs longest delay between two polls of a request
 * @param deadlineSeconds a request still not issued or rejected this long after it was accepted is FAILED
 *                        ("deadline exceeded"); fixed for each request when it is accepted
 */
@Validated
@ConfigurationProperties("hub.criminal-records")
public record CriminalRecordProperties(
        @NotNull @DefaultValue("http://localhost:8089") URI baseUrl,
        @NotBlank @DefaultValue("/lltp/api/v1/tiepnhanhoso") String submitPath,
        @NotBlank @DefaultValue("/lltp/api/v1/nhantrangthai") String statusPath,
        @DefaultValue("") String authKey,
        @DefaultValue("") String provinceCode,
        @DefaultValue("") String provinceName,
        @NotBlank @DefaultValue("Dịch vụ công trực tuyến") String onlineChannelName,
        @NotBlank @DefaultValue("Trực tiếp tại Bộ phận một cửa") String counterChannelName,
        @DefaultValue("5000") @Min(100) @Max(120_000) int timeoutMs,
        @NotBlank @DefaultValue("criminal-records.submit") String queue,
        @NotBlank @DefaultValue("criminal-records.dlq") String deadLetterQueue,
        @DefaultValue("4") @Min(1) @Max(200) int concurrentConsumers,
        @DefaultValue("6") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("1000") @Min(0) long initialBackoffMs,
        @DefaultValue("2.0") @DecimalMin("1.0") double backoffMultiplier,
        @DefaultValue("60000") @Min(0) long maxBackoffMs,
        @DefaultValue("10000") @Min(100) long sweepIntervalMs,
        @DefaultValue("2000") @Min(50) long pollIntervalMs,
        @DefaultValue("50") @Min(1) @Max(1000) int pollBatchSize,
        @DefaultValue("2000") @Min(10) long pollBackoffInitialMs,
        @DefaultValue("600000") @Min(10) long pollBackoffMaxMs,
        @DefaultValue("1296000") @Min(1) long deadlineSeconds) {

    /** The grant a client needs for certificate requests, and the source their ledger rows are recorded under. */
    public static final String SOURCE = "criminal-records";


    /** The service's endpoint: its timeouts, and failures raised as exceptions (retried, or rescheduling a poll). */
    String upstreamEndpoint() {
        return baseUrl + "?throwExceptionOnFailure=true"
                + "&connectTimeout=" + timeoutMs + "&connectionRequestTimeout=" + timeoutMs
                + "&responseTimeout=" + timeoutMs + "&soTimeout=" + timeoutMs;
    }
}
