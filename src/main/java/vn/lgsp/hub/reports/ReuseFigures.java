package vn.lgsp.hub.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The reuse figures of docs/api.md §5 for one group of dossiers and lookups (or the whole range).
 * Rates are rounded to 4 decimals; a range without dossiers has rates of 0.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReuseFigures(String key, String from, String to, long dossiersReceived, long dossiersWithDeclaredReuse,
                           long dossiersWithObservedReuse, long dossiersWithReuse, BigDecimal reuseRate,
                           BigDecimal reuseScore766, BigDecimal citizenDataConnectedRate, BigDecimal syncedRate,
                           Map<String, LookupCounts> lookups, Mismatches mismatches, Scorecard766 scorecard766) {

    /** Decision 766: full 2 points at 80 % reuse and above. */
    static final BigDecimal FULL_SCORE_RATE = new BigDecimal("0.8");
    static final BigDecimal MAX_SCORE = new BigDecimal("2");

    static ReuseFigures of(String key, String from, String to, DossierCounts d, Map<String, LookupCounts> lookups) {
        BigDecimal rate = ratio(d.withReuse(), d.received());
        // min(2, 2 x rate / 0.8), from the exact counts rather than the rounded rate
        BigDecimal score = d.received() == 0 ? BigDecimal.ZERO.setScale(4)
                : MAX_SCORE.multiply(BigDecimal.valueOf(d.withReuse()))
                        .divide(FULL_SCORE_RATE.multiply(BigDecimal.valueOf(d.received())), 4, RoundingMode.HALF_UP)
                        .min(MAX_SCORE.setScale(4));
        return new ReuseFigures(key, from, to, d.received(), d.declared(), d.observed(), d.withReuse(), rate,
                score, ratio(d.citizenConnected(), d.received()),
                ratio(d.synced(), d.received()), lookups,
                new Mismatches(d.declaredNotObserved(), d.observedNotDeclared()), Scorecard766.of(d));
    }

    static BigDecimal ratio(long part, long whole) {
        if (whole == 0) {
            return BigDecimal.ZERO.setScale(4);
        }
        return BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }

    public record LookupCounts(long total, long fromSource, long fromReuseStore, long notFound, long failed) {

        static final LookupCounts NONE = new LookupCounts(0, 0, 0, 0, 0);

        LookupCounts plus(LookupCounts o) {
            return new LookupCounts(total + o.total, fromSource + o.fromSource, fromReuseStore + o.fromReuseStore,
                    notFound + o.notFound, failed + o.failed);
        }
    }

    public record Mismatches(long declaredNotObserved, long observedNotDeclared) {
    }

    /**
     * Dossier counts of one group, as the report query returns them: with the procedures its dossiers are for,
     * and those of them with a dossier that used population data (sets, so that adding two groups counts a
     * procedure once).
     */
    record DossierCounts(long received, long declared, long observed, long withReuse, long citizenConnected,
                         long synced, long declaredNotObserved, long observedNotDeclared, long digitized,
                         Set<String> procedures, Set<String> citizenProcedures) {

        static final DossierCounts NONE = new DossierCounts(0, 0, 0, 0, 0, 0, 0, 0, 0, Set.of(), Set.of());

        /** The counts of two disjoint sets of dossiers together (two days, two agencies, two procedures). */
        DossierCounts plus(DossierCounts o) {
            return new DossierCounts(received + o.received, declared + o.declared, observed + o.observed,
                    withReuse + o.withReuse, citizenConnected + o.citizenConnected, synced + o.synced,
                    declaredNotObserved + o.declaredNotObserved, observedNotDeclared + o.observedNotDeclared,
                    digitized + o.digitized, union(procedures, o.procedures), union(citizenProcedures, o.citizenProcedures));
        }

        private static Set<String> union(Set<String> a, Set<String> b) {
            if (b.isEmpty() || a.containsAll(b)) {
                return a;
            }
            if (a.isEmpty()) {
                return b;
            }
            Set<String> all = new TreeSet<>(a);
            all.addAll(b);
            return all;
        }
    }
}
