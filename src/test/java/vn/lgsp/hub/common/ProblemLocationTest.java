package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.HubException.Location;

/** The problem document's {@code location}: where in a document the caller wrote the problem is. */
class ProblemLocationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Problems problems = new Problems(JSON);

    private JsonNode rendered(HubException failure) throws Exception {
        return JSON.readTree(problems.render(Problem.of(failure, "/api/v1/admin/routes/reload", "c-1")));
    }

    @Test
    void aFailureWithALocationCarriesItAsAnExtensionMember() throws Exception {
        String file = "- route:\n    id: x\n    from: direct:a: b\n";
        HubException failure = new HubException(ErrorCode.INVALID_ROUTE, "Nothing was reloaded",
                Location.in("routes/land.yaml", file, 3, 19));

        JsonNode problem = rendered(failure);

        assertThat(problem.path("code").asText()).isEqualTo("admin.invalid_route");
        JsonNode location = problem.path("location");
        assertThat(location.path("file").asText()).isEqualTo("routes/land.yaml");
        assertThat(location.path("line").asInt()).isEqualTo(3);
        assertThat(location.path("column").asInt()).isEqualTo(19);
        assertThat(location.path("excerpt").asText()).isEqualTo("    from: direct:a: b");
        assertThat(problem.has("errors")).as("no field named").isFalse();
    }

    @Test
    void whatIsNotKnownIsLeftOut() throws Exception {
        assertThat(rendered(new HubException(ErrorCode.NOT_FOUND, "No source with this name")).has("location")).isFalse();
        assertThat(rendered(HubException.invalid(ErrorCode.INVALID_REQUEST, "limit", "limit must be 1-1000"))
                .has("location")).isFalse();

        JsonNode fileOnly = rendered(new HubException(ErrorCode.INVALID_ROUTE, "did not start",
                new Location("routes/land.yaml", null, null, null))).path("location");
        assertThat(fileOnly.path("file").asText()).isEqualTo("routes/land.yaml");
        assertThat(fileOnly.has("line")).isFalse();
        assertThat(fileOnly.has("column")).isFalse();
        assertThat(fileOnly.has("excerpt")).isFalse();
    }

    @Test
    void theExcerptIsTheLineItselfCutAtItsLimit() {
        assertThat(Location.in("f", "a\r\nb\r\n", 2, 1).excerpt()).as("no carriage return").isEqualTo("b");
        assertThat(Location.in("f", "a\nb\n", 3, null).excerpt()).as("the empty line after the last").isEmpty();
        assertThat(Location.in("f", "a\nb", 7, null).excerpt()).as("past the end").isNull();
        assertThat(Location.in("f", null, 1, 1).excerpt()).isNull();
        assertThat(Location.in("f", "a", null, null).excerpt()).isNull();

        String longLine = "x".repeat(Location.MAX_EXCERPT + 50);
        assertThat(Location.in("f", longLine, 1, 230).excerpt()).hasSize(Location.MAX_EXCERPT);
        // never half of a character outside the basic plane
        String astral = "x".repeat(Location.MAX_EXCERPT - 1) + "\uD83D\uDE00tail";
        assertThat(new Location("f", 1, 1, astral).excerpt()).hasSize(Location.MAX_EXCERPT - 1);
    }

    @Test
    void linesAndColumnsCountFromOne() {
        assertThatThrownBy(() -> new Location("f", 0, 1, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Location("f", 1, 0, null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new HubException(ErrorCode.INVALID_ROUTE, "x", List.of()).location()).isEmpty();
    }
}
