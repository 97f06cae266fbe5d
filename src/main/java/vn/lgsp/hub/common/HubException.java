package vn.lgsp.hub.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Optional;

/**
 * A failure with a stable {@link ErrorCode}; rendered as problem+json by {@link Problems}. It may name the
 * invalid fields ({@link FieldProblem}) and the place in a document the caller wrote where the problem is
 * ({@link Location}).
 */
public class HubException extends RuntimeException {

    private final ErrorCode code;
    private final transient List<FieldProblem> errors;
    private final transient Location location;

    public HubException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null, null);
    }

    public HubException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, List.of(), null, cause);
    }

    public HubException(ErrorCode code, String detail, List<FieldProblem> errors) {
        this(code, detail, errors, null, null);
    }

    /** A failure at a place in a document (null: none known), answered as the problem's {@code location}. */
    public HubException(ErrorCode code, String detail, Location location) {
        this(code, detail, List.of(), location, null);
    }

    /** A failure at a place in a document (null: none known), with its cause. */
    public HubException(ErrorCode code, String detail, Location location, Throwable cause) {
        this(code, detail, List.of(), location, cause);
    }

    private HubException(ErrorCode code, String detail, List<FieldProblem> errors, Location location, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.location = location;
    }

    /** An invalid input field: the message names the rule, never echoes the value. */
    public static HubException invalid(ErrorCode code, String field, String message) {
        return new HubException(code, message, List.of(new FieldProblem(field, message)));
    }

    public ErrorCode code() {
        return code;
    }

    public List<FieldProblem> errors() {
        return errors;
    }

    /** Where in a document the problem is, when it is in one the caller wrote and the place is known. */
    public Optional<Location> location() {
        return Optional.ofNullable(location);
    }

    public record FieldProblem(String field, String message) {
    }

    /**
     * A place in a text document an administrator or client wrote (a route file, say): the file, the line
     * and column (from 1; null when not known) and an excerpt, the text of that line (at most
     * {@value #MAX_EXCERPT} characters from its start; null when not known). Only for documents that hold
     * configuration, never personal data: the excerpt is echoed as it is.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Location(String file, Integer line, Integer column, String excerpt) {

        /** The longest excerpt: a longer line is cut there. */
        public static final int MAX_EXCERPT = 200;

        public Location {
            if (line != null && line < 1 || column != null && column < 1) {
                throw new IllegalArgumentException("lines and columns count from 1");
            }
            excerpt = excerpt == null ? null : cut(excerpt);
        }

        /** A place in a text, the excerpt being its line (none when the line is not in the text). */
        public static Location in(String file, String text, Integer line, Integer column) {
            return new Location(file, line, column, lineOf(text, line));
        }

        private static String lineOf(String text, Integer line) {
            if (text == null || line == null) {
                return null;
            }
            String[] lines = text.split("\n", -1);
            if (line > lines.length) {
                return null;
            }
            String found = lines[line - 1];
            return found.endsWith("\r") ? found.substring(0, found.length() - 1) : found;
        }

        private static String cut(String excerpt) {
            if (excerpt.length() <= MAX_EXCERPT) {
                return excerpt;
            }
            // never half a surrogate pair
            int end = Character.isHighSurrogate(excerpt.charAt(MAX_EXCERPT - 1)) ? MAX_EXCERPT - 1 : MAX_EXCERPT;
            return excerpt.substring(0, end);
        }
    }
}
