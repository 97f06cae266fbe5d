package vn.lgsp.hub.common;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.apache.camel.Exchange;

/** A day given as a query parameter, {@code YYYY-MM-DD} (a day in Asia/Ho_Chi_Minh): reports and a data subject's accesses. */
public final class DayParameters {

    private DayParameters() {
    }

    /** The parameter's day, {@code fallback} when absent or empty; anything else is a 400 naming it. */
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
