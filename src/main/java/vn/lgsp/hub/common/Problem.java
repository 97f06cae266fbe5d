package vn.lgsp.hub.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An RFC 9457 problem document with the hub's extension members {@code code}, {@code correlationId}, {@code errors}. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String code,
                      String correlationId, List<HubException.FieldProblem> errors) {

    public static Problem of(ErrorCode code, String detail, String instance, String correlationId,
                             List<HubException.FieldProblem> errors) {
        return new Problem(code.type(), code.title(), code.status(), detail, instance, code.code(), correlationId,
                errors == null ? List.of() : errors);
    }
}
