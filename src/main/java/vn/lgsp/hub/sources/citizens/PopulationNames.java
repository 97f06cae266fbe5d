package vn.lgsp.hub.sources.citizens;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A name as the population database matches it ({@code HoVaTen} of a lookup): upper case, without
 * diacritics and without white space; {@code đ} and {@code Đ} become {@code D}. "Nguyễn Văn An" is
 * {@code NGUYENVANAN}.
 */
final class PopulationNames {

    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern SPACE = Pattern.compile("\\s+");

    private PopulationNames() {
    }

    static String normalise(String name) {
        String plain = name.replace('đ', 'd').replace('Đ', 'D');
        plain = MARKS.matcher(Normalizer.normalize(plain, Normalizer.Form.NFD)).replaceAll("");
        return SPACE.matcher(plain).replaceAll("").toUpperCase(Locale.ROOT);
    }
}
