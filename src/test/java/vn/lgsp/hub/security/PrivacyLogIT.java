package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import vn.lgsp.hub.support.HubIT;

/**
 * docs/design.md: no personal data in logs. A full scenario runs with the hub logging at INFO and DEBUG
 * for its own code; the captured output must hold none of the fixtures' identifiers or names.
 */
@ExtendWith(OutputCaptureExtension.class)
class PrivacyLogIT extends HubIT {

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @BeforeEach
    void logEverythingOfTheHub() {
        logging.setLogLevel("vn.lgsp.hub", LogLevel.DEBUG);
        logging.setLogLevel("org.apache.camel", LogLevel.INFO);
    }

    @AfterEach
    void backToTheTestLevels() {
        logging.setLogLevel("vn.lgsp.hub", LogLevel.WARN);
        logging.setLogLevel("org.apache.camel", null);
    }

    private static final List<String> PERSONAL = List.of("074085000123", "079190004567", "001201000789",
            "074085999999", "074085000500", "074085000504", "074299000123", "Nguyễn Văn An", "Trần Thị Bình",
            "Lê Minh Châu", "Nguyen Van An", "NGUYENVANAN", "TRANTHIBINH", "Nguy%E1%BB%85n", "19850314", "1985-03-14");

    @Test
    void aFullScenarioLogsNoPersonalData(CapturedOutput output) {
        String dossier = "PRIV-" + System.nanoTime();
        for (String path : List.of("/api/v1/citizens/074085000123", "/api/v1/citizens/079190004567",
                "/api/v1/citizens/001201000789", "/api/v1/citizens/074085999999", "/api/v1/citizens/074085000500",
                "/api/v1/citizens/074085000504", "/api/v1/citizens/074299000123", "/api/v1/citizens/074085000502",
                "/api/v1/land-parcels/25747/12/345", "/api/v1/enterprises/0100233488")) {
            get(path, PROVINCIAL_KEY, "X-Dossier-Id", dossier, "X-Procedure-Code", "1.001612");
        }
        putDossier(dossier, """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
                 "channel": "ONLINE", "status": "RECEIVED",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "074085000123"},
                 "components": [{"code": "TP1", "name": "Nguyễn Văn An", "digitized": true, "reused": true}]}
                """, PROVINCIAL_KEY);
        putDossier("FAIL-" + dossier, """
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
                 "channel": "ONLINE", "status": "RECEIVED",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "079190004567"}, "components": []}
                """, PROVINCIAL_KEY);
        putDossier("BAD-" + dossier, "{\"applicant\": {\"idType\": \"PERSONAL_ID\", \"idNumber\": \"001201000789\"}}",
                PROVINCIAL_KEY);
        await().atMost(Duration.ofSeconds(15)).until(() -> "FAILED".equals(
                get("/api/v1/dossiers/FAIL-" + dossier, PROVINCIAL_KEY).json().path("syncState").asText()));

        String logged = output.getAll();
        assertThat(logged).as("the scenario was logged").contains("lookup source=citizens");
        for (String value : PERSONAL) {
            assertThat(logged).as("log output").doesNotContain(value);
        }
    }
}
