package vn.lgsp.hub.reports;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.reports.ReuseFigures.DossierCounts;
import vn.lgsp.hub.reports.ReuseFigures.LookupCounts;
import vn.lgsp.hub.sources.Sources;

/**
 * The reuse report (API.md §5, Decision 766), computed in SQL over dossiers, the sources that
 * answered for each dossier ({@code dossier_source}) and the ledger's date index. Dossiers count
 * when received in the range; lookups when made in it; dates are in Asia/Ho_Chi_Minh.
 *
 * <p>Grouped by source, each row shows what that source contributes: observed reuse is a
 * successful lookup from that source, over all the dossiers received in the range.
 */
@Component
public class ReuseReports {

    public enum GroupBy { AGENCY, PROCEDURE, SOURCE, DAY }

    /** Per dossier: declared reuse, observed reuse (any or one source), citizen data used, synced. */
    private static final String DOSSIER_FLAGS = "SELECT %s AS k, "
            + "CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, "
            + "CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id %s) THEN 1 ELSE 0 END AS observed, "
            + "CASE WHEN EXISTS (SELECT 1 FROM dossier_source s WHERE s.dossier_id = d.dossier_id AND s.source = 'citizens') "
            + "THEN 1 ELSE 0 END AS citizen, "
            + "CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced "
            + "FROM dossier d WHERE d.received_at >= ? AND d.received_at < ?";

    private static final String DOSSIER_COUNTS = "SELECT k, COUNT(*), SUM(declared), SUM(observed), "
            + "SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), "
            + "SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END) "
            + "FROM (" + DOSSIER_FLAGS + ") f GROUP BY k";

    private static final String LOOKUP_COUNTS = "SELECT k, source, COUNT(*), "
            + "SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN outcome = 'NOT_FOUND' THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN 1 ELSE 0 END) "
            + "FROM (SELECT %s AS k, l.source, l.outcome, l.served_from FROM lookup_ledger l %s "
            + "WHERE l.business_date >= ? AND l.business_date <= ?) x GROUP BY k, source";

    private final JdbcTemplate jdbc;
    private final Sources sources;

    public ReuseReports(JdbcTemplate jdbc, Sources sources) {
        this.jdbc = jdbc;
        this.sources = sources;
    }

    /** The whole range as one set of figures. */
    public ReuseFigures total(LocalDate from, LocalDate to) {
        DossierCounts dossiers = dossierCounts("'all'", "", from, to).getOrDefault("all", DossierCounts.NONE);
        Map<String, LookupCounts> lookups = lookupCounts("'all'", "", from, to).getOrDefault("all", Map.of());
        return ReuseFigures.of(null, from.toString(), to.toString(), dossiers, withEverySource(lookups));
    }

    /** One row per agency, procedure, source or day, in key order. */
    public List<ReuseFigures> grouped(LocalDate from, LocalDate to, GroupBy groupBy) {
        if (groupBy == GroupBy.SOURCE) {
            return bySource(from, to);
        }
        String dossierKey = switch (groupBy) {
            case AGENCY -> "d.agency_code";
            case PROCEDURE -> "d.procedure_code";
            default -> "CAST(d.received_date AS VARCHAR(10))";
        };
        String lookupKey = switch (groupBy) {
            case AGENCY -> "COALESCE(l.agency_code, d.agency_code, 'unknown')";
            case PROCEDURE -> "COALESCE(l.procedure_code, 'unknown')";
            default -> "CAST(l.business_date AS VARCHAR(10))";
        };
        String lookupJoin = groupBy == GroupBy.AGENCY ? "LEFT JOIN dossier d ON d.dossier_id = l.dossier_id" : "";
        Map<String, DossierCounts> dossiers = dossierCounts(dossierKey, "", from, to);
        Map<String, Map<String, LookupCounts>> lookups = lookupCounts(lookupKey, lookupJoin, from, to);
        List<ReuseFigures> rows = new ArrayList<>();
        for (String key : new TreeSet<>(union(dossiers.keySet(), lookups.keySet()))) {
            rows.add(ReuseFigures.of(key, null, null, dossiers.getOrDefault(key, DossierCounts.NONE),
                    withEverySource(lookups.getOrDefault(key, Map.of()))));
        }
        return rows;
    }

    private List<ReuseFigures> bySource(LocalDate from, LocalDate to) {
        Map<String, LookupCounts> lookups = lookupCounts("'all'", "", from, to).getOrDefault("all", Map.of());
        List<ReuseFigures> rows = new ArrayList<>();
        for (String source : sources.names()) {
            DossierCounts dossiers = dossierCounts("'all'", "AND s.source = ?", from, to, source)
                    .getOrDefault("all", DossierCounts.NONE);
            rows.add(ReuseFigures.of(source, null, null, dossiers,
                    Map.of(source, lookups.getOrDefault(source, LookupCounts.NONE))));
        }
        return rows;
    }

    private Map<String, DossierCounts> dossierCounts(String key, String observedSource, LocalDate from, LocalDate to,
                                                     Object... extra) {
        List<Object> args = new ArrayList<>(List.of(extra));
        args.add(startOf(from));
        args.add(startOf(to.plusDays(1)));
        Map<String, DossierCounts> counts = new HashMap<>();
        jdbc.query(String.format(DOSSIER_COUNTS, key, observedSource), rs -> {
            counts.put(rs.getString(1), new DossierCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
        }, args.toArray());
        return counts;
    }

    private Map<String, Map<String, LookupCounts>> lookupCounts(String key, String join, LocalDate from, LocalDate to) {
        Map<String, Map<String, LookupCounts>> counts = new HashMap<>();
        jdbc.query(String.format(LOOKUP_COUNTS, key, join), rs -> {
            counts.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2),
                    new LookupCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
        }, from, to);
        return counts;
    }

    private Map<String, LookupCounts> withEverySource(Map<String, LookupCounts> lookups) {
        Map<String, LookupCounts> all = new LinkedHashMap<>();
        sources.names().forEach(s -> all.put(s, lookups.getOrDefault(s, LookupCounts.NONE)));
        lookups.forEach(all::putIfAbsent);
        return all;
    }

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay(BusinessTime.ZONE).toOffsetDateTime().withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static <T> java.util.Set<T> union(java.util.Set<T> a, java.util.Set<T> b) {
        java.util.Set<T> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return all;
    }
}
