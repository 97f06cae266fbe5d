package vn.lgsp.hub.common;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of a latest-first list ends (keyset paging): the last row's time and id. Clients see it as an
 * opaque string ({@link #toString()}, read back by {@link #parse}), give it back as {@code before}, and the
 * next page starts just after it, whatever was added since. The audit trail and a data subject's accesses
 * page this way.
 */
public record PageCursor(Instant at, long id) {

    private static final Pattern FORM = Pattern.compile("([0-9]{1,19})\\.([0-9]{9})\\.([0-9]{1,19})");

    /** The cursor a client was given, or empty when the text is not one. */
    public static Optional<PageCursor> parse(String text) {
        if (text == null || text.length() > 80) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
            Matcher m = FORM.matcher(decoded);
            if (!m.matches()) {
                return Optional.empty();
            }
            return Optional.of(new PageCursor(Instant.ofEpochSecond(Long.parseLong(m.group(1)),
                    Integer.parseInt(m.group(2))), Long.parseLong(m.group(3))));
        } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
            return Optional.empty();
        }
    }

    /**
     * The cursor of a request's parameter: null when it is absent or empty, a 400 naming the parameter when it
     * is not one the hub gave.
     */
    public static PageCursor ofParameter(String parameter, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        return parse(text).orElseThrow(() -> HubException.invalid(ErrorCode.INVALID_REQUEST, parameter,
                parameter + " must be the next value of a previous page"));
    }

    /** The condition of the rows after this cursor, latest first: {@code (at < ? OR (at = ? AND id < ?))}. */
    public static String after(String atColumn, String idColumn) {
        return "(" + atColumn + " < ? OR (" + atColumn + " = ? AND " + idColumn + " < ?))";
    }

    /** The parameters of {@link #after}. */
    public List<Object> parameters() {
        OffsetDateTime utc = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        return List.of(utc, utc, id);
    }

    @Override
    public String toString() {
        String plain = String.format(Locale.ROOT, "%d.%09d.%d", at.getEpochSecond(), at.getNano(), id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.US_ASCII));
    }
}
