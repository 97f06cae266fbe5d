package vn.lgsp.hub.common;

import java.util.List;

/** A failure with a stable {@link ErrorCode}; rendered as problem+json by {@link Problems}. */
public class HubException extends RuntimeException {

    private final ErrorCode code;
    private final transient List<FieldProblem> errors;

    public HubException(ErrorCode code, String detail) {
        this(code, detail, List.of(), null);
    }

    public HubException(ErrorCode code, String detail, Throwable cause) {
        this(code, detail, List.of(), cause);
    }

    public HubException(ErrorCode code, String detail, List<FieldProblem> errors) {
        this(code, detail, errors, null);
    }

    private HubException(ErrorCode code, String detail, List<FieldProblem> errors, Throwable cause) {
        super(detail, cause);
        this.code = code;
        this.errors = List.copyOf(errors);
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

    public record FieldProblem(String field, String message) {
    }
}
