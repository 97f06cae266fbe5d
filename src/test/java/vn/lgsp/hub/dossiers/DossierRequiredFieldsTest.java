package vn.lgsp.hub.dossiers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.HubException;

/** {@code hub.dossiers.required-fields}: what a deployment requires beyond the API's own rules. */
class DossierRequiredFieldsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private static DossierDocument minimal() throws Exception {
        return JSON.readValue("""
                {"procedureCode": "1.001612", "agencyCode": "000.00.12.H12", "receivedAt": "2026-11-20T08:15:00+07:00",
                 "channel": "ONLINE", "status": "RECEIVED",
                 "applicant": {"idType": "PERSONAL_ID", "idNumber": "079190004567"},
                 "components": [{"code": "TP1"}]}
                """, DossierDocument.class);
    }

    @Test
    void byDefaultNothingBeyondTheApisRulesIsRequired() throws Exception {
        assertThatCode(() -> DossierValidation.document(minimal(), CLOCK, new DossiersProperties(null).requiredFields()))
                .doesNotThrowAnyException();
    }

    @Test
    void eachRequiredFieldThatIsMissingIsNamed() throws Exception {
        List<String> required = new DossiersProperties(List.of("procedureName", "dueAt", "applicant.type",
                "components.fileUrl")).requiredFields();

        assertThatThrownBy(() -> DossierValidation.document(minimal(), CLOCK, required))
                .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.errors())
                        .extracting(HubException.FieldProblem::field)
                        .containsExactly("procedureName", "dueAt", "applicant.type", "components.fileUrl"));
    }

    @Test
    void aNameThatIsNotAnOptionalFieldStopsTheStart() {
        assertThatThrownBy(() -> new DossiersProperties(List.of("procedureCode")))
                .hasMessageContaining("hub.dossiers.required-fields: procedureCode is not an optional field");
    }
}
