package vn.lgsp.hub.sources.lookup;


/**
 * The subject of a lookup in a source whose subjects the hub has no Java parser for: the path
 * segment as given, once it matched the source's subject pattern. Routes read it as
 * {@code ${exchangeProperty.lookup.subject.value}}, like a personal ID or an enterprise code.
 */
public record ConfiguredSubject(String value) implements Subject {

    @Override
    public String key() {
        return value;
    }

    @Override
    public String toString() {
        return "ConfiguredSubject[***]";
    }
}
