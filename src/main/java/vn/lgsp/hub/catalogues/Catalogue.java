package vn.lgsp.hub.catalogues;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.lgsp.hub.common.Characters;

/**
 * A code list of a national database (ethnicities, religions, enterprise types, land uses…): the
 * codes its answers carry and the names the hub answers beside them.
 *
 * @param name         the catalogue's name, e.g. {@code ethnicity}
 * @param description  what the codes are, and which answer fields carry them
 * @param source       where the list was taken from, and how sure the hub is of it
 * @param numericCodes whether codes are compared as numbers ({@code 01} is {@code 1}), as the source compares them
 * @param entries      code and name, in the source's order
 */
public record Catalogue(String name, String description, String source, boolean numericCodes, List<Entry> entries) {

    public record Entry(String code, String name) {
    }

    public Catalogue {
        entries = entries == null ? List.of() : List.copyOf(entries);
    }

    /** The entries keyed by their comparison form ({@link #key}). */
    Map<String, String> index() {
        Map<String, String> index = new LinkedHashMap<>();
        entries.forEach(e -> index.put(key(e.code()), e.name()));
        return index;
    }

    /** The form a code is compared in: trimmed, and without leading zeros when codes are numeric. */
    String key(String code) {
        String trimmed = code.trim();
        if (numericCodes && Characters.digits(trimmed)) {
            int first = 0;
            while (first < trimmed.length() - 1 && trimmed.charAt(first) == '0') {
                first++;
            }
            return trimmed.substring(first);
        }
        return trimmed;
    }
}
