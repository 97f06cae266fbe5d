package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FieldFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CITIZEN = """
            {"personalId": "074085000123", "fullName": "Nguyễn Văn An", "dateOfBirth": "1985-03-12",
             "permanentAddress": {"provinceCode": "74", "communeCode": "25747", "detail": "12 Lê Lợi"},
             "householdHead": {"personalId": "074060000111", "fullName": "Nguyễn Văn Bình", "relationship": "CHA"},
             "children": [{"personalId": "1", "fullName": "A"}, {"personalId": "2", "fullName": "B"}],
             "retrievedAt": "2026-11-23T08:00:00Z"}
            """;

    private static String keep(String... paths) throws Exception {
        return JSON.writeValueAsString(FieldFilter.keep(JSON.readTree(CITIZEN), Set.of(paths)));
    }

    @Test
    void keepsOnlyTheNamedTopLevelFields() throws Exception {
        JsonNode kept = JSON.readTree(keep("personalId", "fullName"));

        assertThat(kept.size()).isEqualTo(2);
        assertThat(kept.path("fullName").asText()).isEqualTo("Nguyễn Văn An");
    }

    @Test
    void aPathToAnObjectKeepsAllOfIt() throws Exception {
        assertThat(JSON.readTree(keep("permanentAddress")).path("permanentAddress").size()).isEqualTo(3);
    }

    @Test
    void aDottedPathKeepsOneFieldOfANestedObject() throws Exception {
        JsonNode kept = JSON.readTree(keep("householdHead.fullName"));

        assertThat(kept.path("householdHead").size()).isEqualTo(1);
        assertThat(kept.path("householdHead").path("fullName").asText()).isEqualTo("Nguyễn Văn Bình");
    }

    @Test
    void aDottedPathThroughAListAppliesToEachElement() throws Exception {
        JsonNode kept = JSON.readTree(keep("children.fullName"));

        assertThat(kept.path("children")).hasSize(2).allSatisfy(c -> assertThat(c.size()).isEqualTo(1));
        assertThat(keep("children.fullName")).doesNotContain("\"personalId\"");
    }

    @Test
    void theShorterOfTwoOverlappingPathsWins() throws Exception {
        assertThat(JSON.readTree(keep("householdHead", "householdHead.fullName")).path("householdHead").size())
                .isEqualTo(3);
        assertThat(JSON.readTree(keep("householdHead.fullName", "householdHead")).path("householdHead").size())
                .isEqualTo(3);
    }

    @Test
    void namesThatDoNotExistAreIgnoredAndNothingIsInvented() throws Exception {
        assertThat(keep("nickname", "fullName.first")).isEqualTo("{}");
        assertThat(keep("nickname")).isEqualTo("{}");
    }
}
