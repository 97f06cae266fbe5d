package vn.lgsp.hub.sources.citizens;

import java.text.Normalizer;
import java.util.Locale;
import vn.lgsp.hub.common.Characters;

/**
 * A name as the population database matches it ({@code HoVaTen} of a lookup): upper case, without
 * diacritics and without white space; {@code đ} and {@code Đ} become {@code D}. "Nguyễn Văn An" is
 * {@code NGUYENVANAN}.
 */
final class PopulationNames {

    private PopulationNames() {
    }

    static String normalise(String name) {
        String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
        StringBuilder plain = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); ) {
            int c = decomposed.codePointAt(i);
            i += Character.charCount(c);
            if (Character.isWhitespace(c) || Characters.isMark(c)) {
                continue;
            }
            plain.appendCodePoint(c == 'đ' || c == 'Đ' ? 'D' : c);
        }
        return plain.toString().toUpperCase(Locale.ROOT);
    }
}
