package vn.lgsp.hub.delivery;

import java.util.Map;

/**
 * One message of an outbound queue: its group (the dossier or request whose messages must stay in
 * order), the hub's properties naming what it carries ({@code hub*}), and its body, if any.
 *
 * @param group the message group ({@code JMSXGroupID}): one consumer at a time handles a group, in order
 * @param properties the {@code hub*} message properties (strings and numbers only)
 * @param body what the message carries (the sealed snapshot of a dossier version, for instance), or null
 */
public record Parcel(String group, Map<String, Object> properties, byte[] body) {

    public Parcel {
        properties = Map.copyOf(properties);
    }

    public String string(String name) {
        Object value = properties.get(name);
        return value == null ? null : value.toString();
    }

    public Integer integer(String name) {
        Object value = properties.get(name);
        if (value instanceof Number number) {
            return number.intValue();
        }
        try {
            return value == null ? null : Integer.valueOf(value.toString());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        // the body may hold personal data, sealed or not: never printed
        return "Parcel[group=" + group + ", properties=" + properties.keySet() + "]";
    }
}
