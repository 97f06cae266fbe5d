package vn.lgsp.hub.sources.lookup;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/**
 * Reads and validates the subject of a lookup before anything leaves the hub. A source the hub has
 * a Java parser for ({@link SubjectParser}: citizens, enterprises, land) is read by it, from its
 * own path or from the one segment of {@code GET /api/v1/lookups/{source}/{subject}}; any other
 * source's subject is that segment, which must be 1-64 letters, digits, '-' or '_' (nothing that
 * could change the meaning of the upstream URL) and match the source's subject pattern whole.
 */
@Component
public class Subjects {

    /** The path parameter of the generic lookup path. */
    public static final String FIELD = "subject";

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** Far more than any sane pattern needs for 64 characters; a pattern that backtracks past it does not match. */
    private static final int MAX_MATCH_STEPS = 100_000;

    private final Map<String, SubjectParser> parsers;
    private final Sources sources;
    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();
    private final Map<Class<?>, Set<String>> modelFields = new ConcurrentHashMap<>();

    Subjects(List<SubjectParser> parsers, Sources sources) {
        this.parsers = parsers.stream().collect(Collectors.toMap(SubjectParser::source, Function.identity(),
                (a, b) -> a, TreeMap::new));
        this.sources = sources;
    }

    /** The sources the hub has a Java parser for, each with its own lookup path (by source name). */
    public Map<String, SubjectParser> parsers() {
        return Collections.unmodifiableMap(parsers);
    }

    /** The sources whose answers are citizen data (the population database). */
    public Set<String> citizenDataSources() {
        return parsers.values().stream().filter(SubjectParser::citizenData).map(SubjectParser::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Which of a dossier's subjects the source is asked about; empty when the hub does not know (any). */
    public Optional<SubjectKind> kind(String source) {
        SubjectParser parser = parsers.get(source);
        return Optional.ofNullable(parser == null ? null : parser.subjectKind());
    }

    /**
     * Whether the source answers a field of this path (a well-formed one, {@link CanonicalFields#PATH}): a
     * path of its canonical model when the hub has one in Java; for a source read by the JSON mapper one of
     * its canonical fields or a path below one (the value at a JSON pointer may be an object); any path of a
     * source whose fields the hub cannot know (an administrator's source with a mapper of its own).
     */
    public boolean answersField(String source, String path) {
        if (path == null || !CanonicalFields.PATH.matcher(path).matches()) {
            return false;
        }
        SubjectParser parser = parsers.get(source);
        if (parser != null && parser.canonicalModel() != null) {
            return modelFields.computeIfAbsent(parser.canonicalModel(), CanonicalFields::of).contains(path);
        }
        Map<String, String> fields = sources.settings(source).fields();
        if (fields.isEmpty()) {
            return true;
        }
        Set<String> names = CanonicalFields.ofNames(fields.keySet());
        for (String prefix = path; ; prefix = prefix.substring(0, prefix.lastIndexOf('.'))) {
            if (names.contains(prefix) && (prefix.equals(path) || fields.containsKey(prefix))) {
                return true;
            }
            if (prefix.indexOf('.') < 0) {
                return false;
            }
        }
    }

    /**
     * The subject as the caller gave it, unvalidated: hashed into the ledger when it is invalid.
     *
     * @param segment the subject segment of the generic lookup path, or null on a source's own path
     */
    public String raw(String source, Message request, String segment) {
        if (segment != null) {
            return segment;
        }
        return parser(source).raw(request);
    }

    /** The validated subject; an invalid one fails with the source's 400 problem. */
    public Subject parse(String source, Message request, String segment) {
        SubjectParser parser = parsers.get(source);
        if (parser != null) {
            return segment == null ? parser.parse(request) : parser.parse(segment, request);
        }
        if (segment == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "This source is looked up at /api/v1/lookups/{source}/{subject}");
        }
        String pattern = sources.settings(source).subjectPattern();
        if (!SAFE.matcher(segment).matches() || pattern == null || !matches(pattern, segment)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, FIELD, "The subject must be 1-64 letters, digits, "
                    + "'-' or '_' and match the source's subject pattern " + (pattern == null ? "" : pattern));
        }
        return new ConfiguredSubject(segment);
    }

    private SubjectParser parser(String source) {
        SubjectParser parser = parsers.get(source);
        if (parser == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "This source is looked up at /api/v1/lookups/{source}/{subject}");
        }
        return parser;
    }

    private boolean matches(String pattern, String subject) {
        try {
            return compiled.computeIfAbsent(pattern, Pattern::compile).matcher(new Bounded(subject)).matches();
        } catch (TooManySteps e) {
            return false;
        }
    }

    /** The subject, read at most {@link #MAX_MATCH_STEPS} times: a catastrophically backtracking pattern gives up. */
    private static final class Bounded implements CharSequence {

        private final String value;
        private int steps;

        Bounded(String value) {
            this.value = value;
        }

        @Override
        public int length() {
            return value.length();
        }

        @Override
        public char charAt(int index) {
            if (++steps > MAX_MATCH_STEPS) {
                throw new TooManySteps();
            }
            return value.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return value.subSequence(start, end);
        }

        @Override
        public String toString() {
            return value;
        }
    }

    private static final class TooManySteps extends RuntimeException {

        TooManySteps() {
            super(null, null, false, false);
        }
    }
}
