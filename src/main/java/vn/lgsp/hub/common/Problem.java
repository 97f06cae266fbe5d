package vn.lgsp.hub.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An RFC 9457 problem document with the hub's extension members {@code code}, {@code correlationId},
 * {@code errors} (the invalid fields) and {@code location} (where in a document the caller wrote the
 * problem is); a member without a value is left out.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code,
                      String correlationId, List<HubException.FieldProblem> errors, HubException.Location location) {

    /** The longest request target echoed as {@code instance}; a longer or non-printable one is left out. */
    static final int MAX_INSTANCE = 2048;
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    public static Problem of(ErrorCode code, String detail, String instance, String correlationId,
                             List<HubException.FieldProblem> errors) {
        return of(code, detail, instance, correlationId, errors, null);
    }

    /** A problem with the place in a document it is at ({@code location} null: none). */
    public static Problem of(ErrorCode code, String detail, String instance, String correlationId,
                             List<HubException.FieldProblem> errors, HubException.Location location) {
        return new Problem(code.type(), code.title(), code.status(), detail, echoable(instance) ? instance : null,
                code.code(), correlationId, errors == null ? List.of() : errors, location);
    }

    /** The problem a hub failure is answered with: its code, detail, invalid fields and location. */
    public static Problem of(HubException failure, String instance, String correlationId) {
        return of(failure.code(), failure.getMessage(), instance, correlationId, failure.errors(),
                failure.location().orElse(null));
    }

    private static boolean echoable(String instance) {
        return instance != null && instance.length() <= MAX_INSTANCE && PRINTABLE_ASCII.matcher(instance).matches();
    }
}
