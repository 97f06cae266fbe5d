package vn.lgsp.hub.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Data minimisation: keeps only the allowed field paths of a canonical JSON answer. A path is a
 * dotted list of names ({@code householdHead.fullName}); through a list it applies to each
 * element; a path ending at an object or list keeps all of it. Anything not named is removed,
 * including fields the national system adds later.
 */
public final class FieldFilter {

    private FieldFilter() {
    }

    public static JsonNode keep(JsonNode answer, Set<String> paths) {
        JsonNode kept = filter(answer, tree(paths));
        return kept == null ? JsonNodeFactory.instance.objectNode() : kept;
    }

    /** The paths as a tree of names; a leaf (empty map) keeps the whole value below it. */
    private static Map<String, Map<String, ?>> tree(Set<String> paths) {
        Map<String, Map<String, ?>> root = new LinkedHashMap<>();
        for (String path : paths) {
            insert(root, List.of(path.split("\\.")));
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void insert(Map<String, Map<String, ?>> node, List<String> names) {
        String head = names.get(0);
        Map<String, Map<String, ?>> child = (Map<String, Map<String, ?>>) node.get(head);
        if (child != null && child.isEmpty()) {
            return; // a shorter path already keeps all of it
        }
        if (names.size() == 1) {
            node.put(head, Map.of());
            return;
        }
        if (child == null) {
            child = new LinkedHashMap<>();
            node.put(head, child);
        }
        insert(child, names.subList(1, names.size()));
    }

    /** The allowed part of a value, or null when none of it is allowed. */
    @SuppressWarnings("unchecked")
    private static JsonNode filter(JsonNode value, Map<String, ? extends Map<String, ?>> allowed) {
        if (allowed.isEmpty()) {
            return value;
        }
        if (value.isArray()) {
            ArrayNode kept = JsonNodeFactory.instance.arrayNode();
            value.forEach(element -> {
                JsonNode keptElement = filter(element, allowed);
                if (keptElement != null) {
                    kept.add(keptElement);
                }
            });
            return kept;
        }
        if (!value.isObject()) {
            // a path goes on below a plain value: the value itself is not among the allowed fields
            return null;
        }
        ObjectNode kept = JsonNodeFactory.instance.objectNode();
        allowed.forEach((name, below) -> {
            JsonNode field = value.get(name);
            JsonNode keptField = field == null ? null : filter(field, (Map<String, ? extends Map<String, ?>>) below);
            if (keptField != null) {
                kept.set(name, keptField);
            }
        });
        return kept;
    }
}
