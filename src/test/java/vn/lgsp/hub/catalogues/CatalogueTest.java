package vn.lgsp.hub.catalogues;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.HubException.FieldProblem;

/** How a catalogue compares codes, what an administrator's change may hold, and what the audit trail keeps of it. */
class CatalogueTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Catalogue catalogue(boolean numericCodes, String... codesAndNames) {
        List<Catalogue.Entry> entries = new ArrayList<>();
        for (int i = 0; i < codesAndNames.length; i += 2) {
            entries.add(new Catalogue.Entry(codesAndNames[i], codesAndNames[i + 1]));
        }
        return new Catalogue("test", "A test list.", "Made up.", numericCodes, entries);
    }

    @Test
    void numericCodesAreComparedWithoutLeadingZeros() {
        Catalogue numeric = catalogue(true);

        assertThat(numeric.key("01")).isEqualTo(numeric.key("1")).isEqualTo(numeric.key("001")).isEqualTo("1");
        assertThat(numeric.key(" 07 ")).isEqualTo("7");
        assertThat(numeric.key("10")).isEqualTo("10");
        assertThat(numeric.key("0")).isEqualTo(numeric.key("00")).isEqualTo("0");
        // a code that is not all digits is compared as written
        assertThat(numeric.key("A01")).isEqualTo("A01");
    }

    @Test
    void otherCodesAreComparedAsWritten() {
        Catalogue text = catalogue(false);

        assertThat(text.key("01")).isEqualTo("01").isNotEqualTo(text.key("1"));
        assertThat(text.key(" CH01 ")).isEqualTo("CH01");
    }

    @Test
    void theShippedCataloguesNameCodesInEitherWriting() {
        Catalogues catalogues = new Catalogues(JSON);

        assertThat(catalogues.names()).contains("ethnicity", "household-relation", "marital-status", "religion");
        assertThat(catalogues.name("ethnicity", "01")).isEqualTo("Kinh");
        assertThat(catalogues.name("ethnicity", "1")).isEqualTo("Kinh");
        assertThat(catalogues.name("household-relation", "CH01")).isEqualTo("Chủ hộ");
        assertThat(catalogues.name("household-relation", "ch01")).isNull();
        assertThat(catalogues.name("ethnicity", "77")).isNull();
        assertThat(catalogues.name("ethnicity", null)).isNull();
    }

    @Test
    void aCatalogueInUseIsReplacedWhole() {
        Catalogues catalogues = new Catalogues(JSON);

        catalogues.use("marital-status", new Catalogue("marital-status", "d", "s", false,
                List.of(new Catalogue.Entry("01", "Độc thân"))));

        assertThat(catalogues.name("marital-status", "01")).isEqualTo("Độc thân");
        assertThat(catalogues.name("marital-status", "1")).isNull();
        assertThat(catalogues.shipped("marital-status").orElseThrow().entries()).hasSize(3);
    }

    @Test
    void aChangeRepeatingANumericCodeInAnotherWritingIsRefused() {
        Catalogue shipped = catalogue(true, "1", "One");
        CatalogueChange change = new CatalogueChange(null, null, null, null,
                List.of(new Catalogue.Entry("01", "One"), new Catalogue.Entry("2", "Two"),
                        new Catalogue.Entry("1", "Uno")));

        assertThat(change.problems(shipped)).extracting(FieldProblem::field).containsExactly("entries[2].code");
        // the same codes are distinct where the change makes codes text
        assertThat(new CatalogueChange(null, null, null, false, change.entries()).problems(shipped)).isEmpty();
    }

    @Test
    void everyBrokenRuleIsNamedWithoutItsValue() {
        Catalogue shipped = catalogue(false, "A", "a");
        CatalogueChange change = new CatalogueChange("other", " ", null, null,
                java.util.Arrays.asList(new Catalogue.Entry("bad code!", "x"), null,
                        new Catalogue.Entry("B", "   "), new Catalogue.Entry("C", "n".repeat(201)),
                        new Catalogue.Entry(null, "ok"), new Catalogue.Entry("D", "tab\tin name")));

        List<FieldProblem> problems = change.problems(shipped);

        assertThat(problems).extracting(FieldProblem::field).containsExactly("name", "description",
                "entries[0].code", "entries[1]", "entries[2].name", "entries[3].name", "entries[4].code",
                "entries[5].name");
        assertThat(problems).extracting(FieldProblem::message).noneMatch(m -> m.contains("bad code!"));
        assertThat(new CatalogueChange(null, null, null, null, List.of()).problems(shipped))
                .extracting(FieldProblem::field).containsExactly("entries");
        assertThat(new CatalogueChange(null, null, null, null, null).problems(shipped))
                .extracting(FieldProblem::field).containsExactly("entries");
    }

    @Test
    void leftOutMembersKeepTheShippedOnes() {
        Catalogue shipped = catalogue(true, "1", "One");

        Catalogue changed = new CatalogueChange(null, null, " Province list. ", null,
                List.of(new Catalogue.Entry("01", " Một "))).applyTo(shipped);

        assertThat(changed.description()).isEqualTo("A test list.");
        assertThat(changed.source()).isEqualTo("Province list.");
        assertThat(changed.numericCodes()).isTrue();
        assertThat(changed.entries()).containsExactly(new Catalogue.Entry("01", "Một"));
    }

    @Test
    void theAuditKeepsTheChangedEntriesWithinWhatAnEventHolds() throws Exception {
        Catalogue before = catalogue(true, "01", "Kinh", "02", "Tày", "03", "Thái");
        Catalogue after = catalogue(true, "1", "Kinh", "2", "Tày Nùng", "4", "Hoa");

        String[] sides = new CatalogueAudit(JSON).sides(before, 0, after, 1);

        JsonNode was = JSON.readTree(sides[0]);
        JsonNode is = JSON.readTree(sides[1]);
        assertThat(was.path("version").asLong()).isZero();
        assertThat(is.path("version").asLong()).isEqualTo(1);
        assertThat(was.path("changedEntries").toString()).isEqualTo("{\"2\":\"Tày\",\"03\":\"Thái\",\"4\":null}");
        assertThat(is.path("changedEntries").toString()).isEqualTo("{\"2\":\"Tày Nùng\",\"03\":null,\"4\":\"Hoa\"}");

        Catalogue big = new Catalogue("test", "d", "s", false, IntStream.range(0, 2000)
                .mapToObj(i -> new Catalogue.Entry("C" + i, "Tên rất dài của mục số " + i + " " + "x".repeat(150)))
                .toList());
        String[] large = new CatalogueAudit(JSON).sides(before, 3, big, 4);
        assertThat(large[0].length()).isLessThanOrEqualTo(4000);
        assertThat(large[1].length()).isLessThanOrEqualTo(4000);
        JsonNode bigAfter = JSON.readTree(large[1]);
        assertThat(bigAfter.path("entryCount").asInt()).isEqualTo(2000);
        assertThat(bigAfter.path("changedEntries").size() + bigAfter.path("moreChangedEntries").asInt())
                .isEqualTo(2003);
    }
}
