package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.sources.settings.SourceProperties.ReuseMode;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.support.HubIT;

/**
 * Data minimisation (docs/design.md security rules): a client configured with a field list for a source
 * receives those canonical fields only, whether the answer comes from the source or the reuse
 * store; other clients still receive everything. The dev client {@code land-registration-office}
 * sees a citizen's ID and name only, and the land parcels' holders without their personal IDs.
 */
class DataMinimisationIT extends HubIT {

    private static final String LAND_REGISTRATION_KEY = "dev-land-registration-key";
    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    private static final String PARCEL = "/api/v1/land-parcels/25747/12/345";

    private Response as(String apiKey, String path) {
        return get(path, apiKey, "X-Dossier-Id", "000.00.12.H12-261120-0042", "X-Procedure-Code", "1.004227");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aMinimisedClientReceivesOnlyItsCitizenFields() {
        Response response = as(LAND_REGISTRATION_KEY, CITIZEN);

        assertThat(response.status()).isEqualTo(200);
        assertThat(fieldNames(response.json())).containsExactlyInAnyOrder("personalId", "fullName");
        assertThat(response.json().path("personalId").asText()).isEqualTo("074085000123");
        assertThat(response.body()).doesNotContain("dateOfBirth", "permanentAddress", "householdHead");
    }

    @Test
    void nestedPathsKeepThatFieldOfEveryListElement() {
        JsonNode parcel = as(LAND_REGISTRATION_KEY, PARCEL).json();

        assertThat(parcel.path("holders").isArray()).isTrue();
        assertThat(parcel.path("holders")).isNotEmpty().allSatisfy(holder ->
                assertThat(fieldNames(holder)).containsExactly("fullName"));
        assertThat(parcel.path("certificateNumber").isMissingNode()).isFalse();
        assertThat(parcel.path("encumbrances")).isNotEmpty();
        assertThat(as(LAND_REGISTRATION_KEY, PARCEL).body()).doesNotContain("074085000123");
    }

    @Test
    void aClientWithoutAFieldListReceivesTheWholeModel() {
        JsonNode citizen = as(PROVINCIAL_KEY, CITIZEN).json();

        assertThat(fieldNames(citizen)).contains("personalId", "fullName", "dateOfBirth", "gender",
                "permanentAddress", "householdHead", "retrievedAt");
        assertThat(as(LAND_OFFICE_KEY, PARCEL).json().path("holders").get(0).path("personalId").asText())
                .isEqualTo("074085000123");
    }

    @Test
    void copiesAreKeptWholeAndMinimisedPerClientWhenServed() {
        SourceProperties.Source s = sources.settings("citizens");
        sources.apply("citizens", s.withReuse(ReuseMode.PREFER_COPY, 3600));
        ledgerTables().update("DELETE FROM reuse_copy");

        Response minimised = as(LAND_REGISTRATION_KEY, CITIZEN);
        Response whole = as(PROVINCIAL_KEY, CITIZEN);

        assertThat(minimised.header("X-Hub-Served-From")).isEqualTo("source");
        assertThat(fieldNames(minimised.json())).containsExactlyInAnyOrder("personalId", "fullName");
        assertThat(whole.header("X-Hub-Served-From")).isEqualTo("reuse-store");
        assertThat(fieldNames(whole.json())).contains("dateOfBirth", "householdHead");
        Response minimisedCopy = as(LAND_REGISTRATION_KEY, CITIZEN);
        assertThat(minimisedCopy.header("X-Hub-Served-From")).isEqualTo("reuse-store");
        assertThat(fieldNames(minimisedCopy.json())).containsExactlyInAnyOrder("personalId", "fullName");
    }

    @Test
    void theGrantStillComesFirst() {
        Response enterprises = as(LAND_REGISTRATION_KEY, "/api/v1/enterprises/0100233488");

        assertThat(enterprises.status()).isEqualTo(403);
        assertThat(enterprises.json().path("code").asText()).isEqualTo("client.forbidden");
    }
}
