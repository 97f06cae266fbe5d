package vn.lgsp.hub.sources.citizens;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.support.CitizenLookups;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * The migration period of citizen lookups (docs/api.md §2.1): until {@code hub.citizens.legacy-lookups-until},
 * a lookup without name and birth date is answered from a stored copy only, with a {@code Sunset}
 * header, and refused naming what it lacks when there is none. It never reaches the database.
 */
class CitizenMigrationIT extends HubIT {

    @DynamicPropertySource
    static void migrationPeriod(DynamicPropertyRegistry registry) {
        SecondContext.register(registry, "./target/test-data-migration");
        registry.add("hub.citizens.legacy-lookups-until", () -> "2099-06-30");
    }

    /**
     * A lookup of the earlier form. The contract requires the new inputs, so the request breaks it: the
     * migration period tolerates it, and only the answer is checked against the document.
     */
    private Response legacy(String personalId) {
        return sendUnchecked(HttpRequest.newBuilder(uri("/api/v1/citizens/" + personalId)).timeout(Duration.ofSeconds(30))
                .header("X-API-Key", PROVINCIAL_KEY).header("X-Dossier-Id", "D-MIG-1")
                .header("X-Procedure-Code", "1.001612").header(CitizenLookups.AS_IS, "yes").GET().build());
    }

    @Test
    void aLookupOfTheOldFormIsAnsweredFromAStoredCopyWithTheSunset() {
        sources.apply("citizens", sources.settings("citizens").withReuse(SourceProperties.ReuseMode.FALLBACK, 3600));
        assertThat(lookup("/api/v1/citizens/074085000123").status()).isEqualTo(200);
        MOCKS.resetRequests();

        Response old = legacy("074085000123");

        assertThat(old.status()).as(old.body()).isEqualTo(200);
        assertThat(old.header("X-Hub-Served-From")).isEqualTo("reuse-store");
        assertThat(old.header("Sunset")).isEqualTo("Wed, 1 Jul 2099 00:00:00 +0700");
        assertThat(old.json().path("fullName").asText()).isEqualTo("Nguyễn Văn An");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void withoutACopyTheOldFormIsRefusedNamingWhatItLacks() {
        sources.apply("citizens", sources.settings("citizens").withReuse(SourceProperties.ReuseMode.FALLBACK, 3600));

        Response old = legacy("079190004567");

        assertThat(old.status()).isEqualTo(400);
        assertThat(old.json().path("code").asText()).isEqualTo("client.invalid_request");
        assertThat(StreamSupport.stream(old.json().path("errors").spliterator(), false).map(e -> e.path("field").asText()))
                .containsExactly("fullName", "birthDate");
        assertThat(old.json().path("detail").asText()).contains("2099-06-30");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void aSourceThatKeepsNoCopiesAnswersNoLookupOfTheOldForm() {
        assertThat(lookup("/api/v1/citizens/074085000123").status()).isEqualTo(200);

        assertThat(legacy("074085000123").status()).as("reuse mode off").isEqualTo(400);
    }

    @Test
    void aLookupWithTheNewInputsIsNotAffected() {
        Response current = lookup("/api/v1/citizens/074085000123");

        assertThat(current.status()).isEqualTo(200);
        assertThat(current.header("Sunset")).isNull();
        assertThat(current.header("X-Hub-Served-From")).isEqualTo("source");
    }
}
