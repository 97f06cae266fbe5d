package vn.lgsp.hub.portal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;
import vn.lgsp.hub.dossiers.DossierStatus;

/**
 * {@code hub.portal.*}: the dossier sync to the National Public Service Portal (docs/national-systems.md §5).
 *
 * @param path the portal's integration address, which takes every service ({@code DongBoHoSoMC}) in its envelope
 * @param loginPath the address that opens a session
 * @param username the province's account at the portal (no default: the dev profile sets the mock's)
 * @param password its password
 * @param dstcode the {@code dstcode} header each call carries, as the portal assigns it
 * @param unitCode the province's unit code at the portal ({@code madonvi} of every envelope)
 * @param sessionTtlSeconds how long a session is used before the hub logs in again
 * @param sessionExpiredCodes the {@code error_code}s by which the portal says a session has expired (not
 *        published: none by default); such an answer makes the hub log in again and send once more
 * @param statusCodes the portal's {@code TrangThaiHoSo} code of each of the hub's dossier statuses
 * @param databaseCodes the portal's code (MaCSDL) of each source, for DSKetNoiCSDL
 * @param sweepIntervalMs how often versions committed but not yet queued (a crash between the two) are queued
 * @param consumers consumers of the sync queue on this instance, each taking batches in its own JMS transaction
 * @param batchSize versions one consumer takes in one transaction at most
 * @param concurrentConsumers dossiers delivered at once on this instance (each dossier's versions one after the other)
 * @param maxAttempts attempts of one version before it is dead-lettered; with the default backoff, 10 attempts
 *        ride out a portal outage of about two minutes
 */
@Validated
@ConfigurationProperties("hub.portal")
public record PortalProperties(
        @NotNull @DefaultValue("http://localhost:8089") URI baseUrl,
        @NotBlank @DefaultValue("/dvcqg/api/v1/dongbohoso") String path,
        @NotBlank @DefaultValue("/dvcqg/api/v1/login") String loginPath,
        @DefaultValue("") String username,
        @DefaultValue("") String password,
        @DefaultValue("") String dstcode,
        @DefaultValue("") String unitCode,
        @DefaultValue("600") @Min(1) long sessionTtlSeconds,
        @DefaultValue List<String> sessionExpiredCodes,
        @DefaultValue Map<DossierStatus, String> statusCodes,
        @DefaultValue("5000") @Min(100) int timeoutMs,
        @NotBlank @DefaultValue("portal.sync") String queue,
        @NotBlank @DefaultValue("portal.sync.dlq") String deadLetterQueue,
        @DefaultValue("16") @Min(1) @Max(256) int concurrentConsumers,
        @DefaultValue("10") @Min(1) int maxAttempts,
        @DefaultValue("500") @Min(0) long initialBackoffMs,
        @DefaultValue("2.0") double backoffMultiplier,
        @DefaultValue("30000") @Min(0) long maxBackoffMs,
        @DefaultValue("10000") @Min(100) long sweepIntervalMs,
        @DefaultValue Map<String, String> databaseCodes,
        @DefaultValue("2") @Min(1) @Max(16) int consumers,
        @DefaultValue("100") @Min(1) @Max(1000) int batchSize) {

    /**
     * The portal's statuses (TrangThaiHoSo) as the public integrations list them: 1 Mới đăng ký, 2 Được tiếp
     * nhận, 3 Không được tiếp nhận, 4 Đang xử lý, 5 Yêu cầu bổ sung giấy tờ, 6 Yêu cầu thực hiện nghĩa vụ tài
     * chính, 7 Công dân yêu cầu rút hồ sơ, 8 Dừng xử lý, 9 Đã xử lý xong, 10 Đã trả kết quả.
     */
    static final Map<DossierStatus, String> DEFAULT_STATUS_CODES = Map.of(
            DossierStatus.RECEIVED, "2", DossierStatus.PROCESSING, "4", DossierStatus.SUPPLEMENT_REQUESTED, "5",
            DossierStatus.RESOLVED, "9", DossierStatus.RETURNED, "10", DossierStatus.CANCELLED, "8");

    public PortalProperties {
        databaseCodes = databaseCodes == null || databaseCodes.isEmpty()
                ? Map.of("citizens", "CSDLQGDC", "enterprises", "CSDLQGDKDN", "land", "CSDLDD",
                        "criminal-records", "CSDLLLTP")
                : Map.copyOf(databaseCodes);
        sessionExpiredCodes = sessionExpiredCodes == null ? List.of() : List.copyOf(sessionExpiredCodes);
        // a status the configuration leaves out keeps its default code
        Map<DossierStatus, String> codes = new EnumMap<>(DEFAULT_STATUS_CODES);
        if (statusCodes != null) {
            statusCodes.forEach((status, code) -> {
                if (code == null || code.isBlank()) {
                    throw new IllegalArgumentException("hub.portal.status-codes." + status + " is blank");
                }
                codes.put(status, code);
            });
        }
        statusCodes = Map.copyOf(codes);
    }

    /** The portal's code of this status. */
    public String statusCode(DossierStatus status) {
        return statusCodes.get(status);
    }
}
