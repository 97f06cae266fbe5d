package vn.lgsp.hub.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Pattern;

/** An RFC 9457 problem document with the hub's extension members {@code code}, {@code correlationId}, {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code,
                      String correlationId, List<HubException.FieldProblem> errors) {

    /** The longest request target echoed as {@code instance}; a longer or non-printable one is left out. */
    static final int MAX_INSTANCE = 2048;
    private static final Pattern PRINTABLE_ASCII = Pattern.compile("[\\x21-\\x7e]+");

    public static Problem of(ErrorCode code, String detail, String instance, String correlationId,
                             List<HubException.FieldProblem> errors) {
        return new Problem(code.type(), code.title(), code.status(), detail, echoable(instance) ? instance : null,
                code.code(), correlationId, errors == null ? List.of() : errors);
    }

    private static boolean echoable(String instance) {
        return instance != null && instance.length() <= MAX_INSTANCE && PRINTABLE_ASCII.matcher(instance).matches();
    }
}
