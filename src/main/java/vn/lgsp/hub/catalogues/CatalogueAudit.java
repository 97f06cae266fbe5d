package vn.lgsp.hub.catalogues;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the audit trail keeps of a catalogue change: the catalogue before and after it, as far as they
 * differ. A whole catalogue (up to 2000 entries) does not fit an audit event, so each side names its
 * version, its entry count, the description, source and numericCodes when they changed, and the
 * entries whose name changed ({@code null}: no such code on that side), up to what fits in
 * {@value #MAX_CHARS} characters; {@code moreChangedEntries} counts those left out.
 */
final class CatalogueAudit {

    /** The audit trail keeps at most 4000 characters of each side; a margin for the counts. */
    static final int MAX_CHARS = 3900;

    private final ObjectMapper json;

    CatalogueAudit(ObjectMapper json) {
        this.json = json;
    }

    /** The two JSON documents, before and after. */
    String[] sides(Catalogue before, long beforeVersion, Catalogue after, long afterVersion) {
        ObjectNode b = side(before, beforeVersion);
        ObjectNode a = side(after, afterVersion);
        for (String field : List.of("description", "source")) {
            String was = field.equals("source") ? before.source() : before.description();
            String is = field.equals("source") ? after.source() : after.description();
            if (!Objects.equals(was, is)) {
                b.put(field, was);
                a.put(field, is);
            }
        }
        if (before.numericCodes() != after.numericCodes()) {
            b.put("numericCodes", before.numericCodes());
            a.put("numericCodes", after.numericCodes());
        }
        Map<String, Catalogue.Entry> was = byKey(before, after);
        Map<String, Catalogue.Entry> is = byKey(after, after);
        List<String> keys = new ArrayList<>(was.keySet());
        is.keySet().stream().filter(k -> !was.containsKey(k)).forEach(keys::add);
        ObjectNode bEntries = b.putObject("changedEntries");
        ObjectNode aEntries = a.putObject("changedEntries");
        int bLength = length(b);
        int aLength = length(a);
        int more = 0;
        for (String key : keys) {
            Catalogue.Entry x = was.get(key);
            Catalogue.Entry y = is.get(key);
            if (x != null && y != null && x.name().equals(y.name())) {
                continue;
            }
            String code = y != null ? y.code() : x.code();
            int bMore = length(code) + length(x == null ? null : x.name()) + 2;
            int aMore = length(code) + length(y == null ? null : y.name()) + 2;
            if (more > 0 || bLength + bMore > MAX_CHARS || aLength + aMore > MAX_CHARS) {
                more++;
                continue;
            }
            bEntries.put(code, x == null ? null : x.name());
            aEntries.put(code, y == null ? null : y.name());
            bLength += bMore;
            aLength += aMore;
        }
        if (more > 0) {
            b.put("moreChangedEntries", more);
            a.put("moreChangedEntries", more);
        }
        return new String[] {b.toString(), a.toString()};
    }

    private ObjectNode side(Catalogue catalogue, long version) {
        ObjectNode side = json.createObjectNode();
        side.put("name", catalogue.name());
        side.put("version", version);
        side.put("entryCount", catalogue.entries().size());
        return side;
    }

    /** The entries keyed as {@code comparing} compares codes, so that 01 and 1 are one code where codes are numeric. */
    private static Map<String, Catalogue.Entry> byKey(Catalogue catalogue, Catalogue comparing) {
        Map<String, Catalogue.Entry> keyed = new LinkedHashMap<>();
        catalogue.entries().forEach(e -> keyed.putIfAbsent(comparing.key(e.code()), e));
        return keyed;
    }

    private int length(Object value) {
        if (value == null) {
            return "null".length();
        }
        return value instanceof ObjectNode node ? node.toString().length()
                : json.getNodeFactory().textNode(value.toString()).toString().length();
    }
}
