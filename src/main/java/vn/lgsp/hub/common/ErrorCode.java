package vn.lgsp.hub.common;

/**
 * The stable error codes of the HTTP contract (docs/api.md §1). The prefix names the origin of the
 * failure: {@code client.*} the caller, {@code source.*} a national database, {@code admin.*} an
 * administrator's input, {@code hub.*} the hub itself.
 */
public enum ErrorCode {

    INVALID_REQUEST("client.invalid_request", 400, "Invalid request"),
    INVALID_PERSONAL_ID("client.invalid_personal_id", 400, "Invalid personal identification number"),
    INVALID_ENTERPRISE_CODE("client.invalid_enterprise_code", 400, "Invalid enterprise code"),
    INVALID_LAND_PARCEL("client.invalid_land_parcel", 400, "Invalid land parcel reference"),
    UNAUTHENTICATED("client.unauthenticated", 401, "Authentication required"),
    FORBIDDEN("client.forbidden", 403, "Access denied"),
    /** An unsafe request of a console session without its CSRF token, or sent from another site. */
    CSRF_REJECTED("client.csrf_rejected", 403, "Missing or wrong CSRF token"),
    NOT_FOUND("client.not_found", 404, "Resource not found"),
    METHOD_NOT_ALLOWED("client.method_not_allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("client.not_acceptable", 406, "Not acceptable"),
    CONFLICT("client.conflict", 409, "Conflict"),
    PAYLOAD_TOO_LARGE("client.invalid_request", 413, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("client.unsupported_media_type", 415, "Unsupported media type"),
    INVALID_ROUTE("admin.invalid_route", 422, "Invalid route definition"),
    RATE_LIMITED("client.rate_limited", 429, "Too many requests"),
    SOURCE_NOT_FOUND("source.not_found", 404, "Subject not found in the national database"),
    SOURCE_REFUSED("source.refused", 403, "The national database refused the lookup"),
    SOURCE_BAD_RESPONSE("source.bad_response", 502, "The national database answered with an error"),
    SOURCE_UNAVAILABLE("source.unavailable", 503, "The national database is unavailable"),
    SOURCE_TIMEOUT("source.timeout", 504, "The national database did not answer in time"),
    LEDGER_UNAVAILABLE("hub.ledger_unavailable", 503, "The reuse ledger cannot record the lookup"),
    OVERLOADED("hub.overloaded", 503, "The hub is at its limit of requests in flight"),
    TOKEN_ISSUER_UNAVAILABLE("hub.token_issuer_unavailable", 503, "The bearer token's issuer cannot be reached"),
    INTERNAL_ERROR("hub.internal_error", 500, "Internal error");

    private final String code;
    private final int status;
    private final String title;

    ErrorCode(String code, int status, String title) {
        this.code = code;
        this.status = status;
        this.title = title;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String type() {
        return "urn:lgsp-hub:problem:" + code;
    }

    /** The code that renders a bare HTTP status raised outside the hub's own handling. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            // 501: a method the container does not implement, for a path
            case 405, 501 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> SOURCE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : INTERNAL_ERROR;
        };
    }
}
