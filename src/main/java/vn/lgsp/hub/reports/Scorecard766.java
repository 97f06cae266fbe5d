package vn.lgsp.hub.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import vn.lgsp.hub.reports.ReuseFigures.DossierCounts;

/**
 * The Decision 766 indicators the hub can measure, for one group of dossiers (docs/domain.md, "Decision 766
 * indicators"): each with the counts it is computed from, its rate, its points and their maximum, and the total
 * of the points. Rates and points come from the exact counts, rounded to 4 decimals once; a group without
 * dossiers (or without procedures) has a rate of 0 and no points. The share of dossiers whose components were
 * all digitised at reception is reported as a rate only: the decision scores digitisation on what the hub
 * does not see, so its points and maximum are {@code null} and it is not in the total.
 */
public record Scorecard766(List<Indicator> indicators, BigDecimal points, BigDecimal maximum) {

    public static final String REUSED_DIGITIZED_DATA = "REUSED_DIGITIZED_DATA";
    public static final String CITIZEN_DATA_CONNECTED_DOSSIER = "CITIZEN_DATA_CONNECTED_DOSSIER";
    public static final String CITIZEN_DATA_CONNECTED_FORMALITY = "CITIZEN_DATA_CONNECTED_FORMALITY";
    public static final String DOSSIER_SYNC = "DOSSIER_SYNC";
    public static final String COMPONENTS_DIGITIZED = "COMPONENTS_DIGITIZED_AT_RECEPTION";
    /** The indicators in the order they are listed, in JSON and in CSV. */
    public static final List<String> CODES = List.of(REUSED_DIGITIZED_DATA, CITIZEN_DATA_CONNECTED_DOSSIER,
            CITIZEN_DATA_CONNECTED_FORMALITY, DOSSIER_SYNC, COMPONENTS_DIGITIZED);

    private static final BigDecimal TWO = new BigDecimal("2");
    private static final BigDecimal SIX = new BigDecimal("6");

    /**
     * One indicator: {@code numerator} ÷ {@code denominator} is its {@code rate}; {@code points} out of
     * {@code maximum} by its rule (both {@code null} for an indicator reported as a rate only).
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Indicator(String code, long numerator, long denominator, BigDecimal rate, BigDecimal points,
                            BigDecimal maximum) {
    }

    static Scorecard766 of(DossierCounts d) {
        long received = d.received();
        List<Indicator> indicators = List.of(
                // full points at 80 % and above: min(2, 2 x rate / 0.8)
                new Indicator(REUSED_DIGITIZED_DATA, d.withReuse(), received, ReuseFigures.ratio(d.withReuse(), received),
                        received == 0 ? zero() : TWO.multiply(BigDecimal.valueOf(d.withReuse()))
                                .divide(ReuseFigures.FULL_SCORE_RATE.multiply(BigDecimal.valueOf(received)), 4,
                                        RoundingMode.HALF_UP).min(TWO.setScale(4)), TWO),
                linear(CITIZEN_DATA_CONNECTED_DOSSIER, d.citizenConnected(), received, TWO),
                linear(CITIZEN_DATA_CONNECTED_FORMALITY, d.citizenProcedures().size(), d.procedures().size(), TWO),
                linear(DOSSIER_SYNC, d.synced(), received, SIX),
                new Indicator(COMPONENTS_DIGITIZED, d.digitized(), received, ReuseFigures.ratio(d.digitized(), received),
                        null, null));
        BigDecimal points = zero();
        BigDecimal maximum = BigDecimal.ZERO;
        for (Indicator indicator : indicators) {
            if (indicator.maximum() != null) {
                points = points.add(indicator.points());
                maximum = maximum.add(indicator.maximum());
            }
        }
        return new Scorecard766(indicators, points, maximum);
    }

    /** Points in proportion to the rate, where the decision gives no threshold: {@code maximum x part / whole}. */
    private static Indicator linear(String code, long part, long whole, BigDecimal maximum) {
        BigDecimal points = whole == 0 ? zero() : maximum.multiply(BigDecimal.valueOf(part))
                .divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
        return new Indicator(code, part, whole, ReuseFigures.ratio(part, whole), points, maximum);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(4);
    }
}
