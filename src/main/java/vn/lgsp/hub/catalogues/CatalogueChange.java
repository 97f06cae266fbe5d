package vn.lgsp.hub.catalogues;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import vn.lgsp.hub.common.HubException.FieldProblem;

/**
 * An administrator's new catalogue ({@code PUT /api/v1/admin/catalogues/{name}}): the entries, and
 * optionally a description, a source and whether codes are numeric, each left out keeping the
 * shipped one. {@code name}, when given, must be the catalogue named in the path.
 */
public record CatalogueChange(String name, String description, String source, Boolean numericCodes,
                              List<Catalogue.Entry> entries) {

    static final Pattern CODE = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    static final int MAX_NAME = 200;
    static final int MAX_ENTRIES = 2000;
    static final int MAX_DESCRIPTION = 500;
    static final int MAX_SOURCE = 1000;
    /** More problems than this are not listed one by one: the first are enough to correct a list. */
    static final int MAX_PROBLEMS = 100;

    /** The catalogue this change makes of {@code shipped}; call once {@link #problems} is empty. */
    Catalogue applyTo(Catalogue shipped) {
        return new Catalogue(shipped.name(), description == null ? shipped.description() : description.strip(),
                source == null ? shipped.source() : source.strip(),
                numericCodes == null ? shipped.numericCodes() : numericCodes,
                entries.stream().map(e -> new Catalogue.Entry(e.code(), e.name().strip())).toList());
    }

    /** Every rule the change breaks for {@code shipped}, naming the field, never quoting a value. */
    List<FieldProblem> problems(Catalogue shipped) {
        List<FieldProblem> problems = new ArrayList<>();
        if (name != null && !name.equals(shipped.name())) {
            problems.add(new FieldProblem("name", "must be left out or be the catalogue named in the path"));
        }
        text(problems, "description", description, MAX_DESCRIPTION);
        text(problems, "source", source, MAX_SOURCE);
        if (entries == null) {
            problems.add(new FieldProblem("entries", "is required: the catalogue's codes and names"));
            return problems;
        }
        if (entries.isEmpty() || entries.size() > MAX_ENTRIES) {
            problems.add(new FieldProblem("entries", "must have 1-" + MAX_ENTRIES + " entries"));
            return problems;
        }
        // the comparison the lookups will make: numeric codes are equal without their leading zeros
        Catalogue keyed = new Catalogue(shipped.name(), null, null,
                numericCodes == null ? shipped.numericCodes() : numericCodes, List.of());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < entries.size() && problems.size() < MAX_PROBLEMS; i++) {
            Catalogue.Entry entry = entries.get(i);
            String field = "entries[" + i + "]";
            if (entry == null) {
                problems.add(new FieldProblem(field, "must be an object with a code and a name"));
                continue;
            }
            if (entry.code() == null || !CODE.matcher(entry.code()).matches()) {
                problems.add(new FieldProblem(field + ".code",
                        "must be 1-32 characters of A-Z, a-z, 0-9, '.', '_' and '-'"));
            } else {
                Integer first = seen.putIfAbsent(keyed.key(entry.code()), i);
                if (first != null) {
                    problems.add(new FieldProblem(field + ".code", "repeats the code of entries[" + first + "]"
                            + (keyed.numericCodes() ? " (numeric codes are compared without leading zeros)" : "")));
                }
            }
            if (!validText(entry.name(), MAX_NAME)) {
                problems.add(new FieldProblem(field + ".name", "must be 1-" + MAX_NAME
                        + " characters, not only spaces, without control characters"));
            }
        }
        return problems.size() > MAX_PROBLEMS ? problems.subList(0, MAX_PROBLEMS) : problems;
    }

    private static void text(List<FieldProblem> problems, String field, String value, int max) {
        if (value != null && !validText(value, max)) {
            problems.add(new FieldProblem(field, "must be left out or be 1-" + max
                    + " characters, not only spaces, without control characters"));
        }
    }

    private static boolean validText(String value, int max) {
        return value != null && !value.isBlank() && value.codePointCount(0, value.length()) <= max
                && value.codePoints().noneMatch(Character::isISOControl);
    }
}
