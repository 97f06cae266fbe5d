package vn.lgsp.hub.common;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;

/** Query parameters every list and report reads the same way (query parameters are the route's headers). */
public final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * {@code limit}: how many rows a page has, 1-1000, {@code fallback} when absent or empty; anything else is a
     * 400 naming it.
     */
    public static int limit(Exchange exchange, int fallback) {
        String limit = exchange.getIn().getHeader("limit", String.class);
        int n = fallback;
        if (limit != null && !limit.isEmpty()) {
            n = limit.matches("[0-9]{1,4}") ? Integer.parseInt(limit) : 0;
            if (n < 1 || n > 1000) {
                throw HubException.invalid(ErrorCode.INVALID_REQUEST, "limit", "limit must be 1-1000");
            }
        }
        return n;
    }

    /**
     * A day, {@code YYYY-MM-DD} (a day in Asia/Ho_Chi_Minh), {@code fallback} when absent or empty; anything else
     * is a 400 naming it.
     */
    public static LocalDate day(Exchange exchange, String name, LocalDate fallback) {
        String value = exchange.getIn().getHeader(name, String.class);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            if (value.length() != 10) {
                throw new DateTimeParseException("not YYYY-MM-DD", value, 0);
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, name, name + " must be a date YYYY-MM-DD");
        }
    }
}
