package vn.lgsp.hub.reports;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.reports.ReuseFigures.DossierCounts;
import vn.lgsp.hub.reports.ReuseFigures.LookupCounts;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.Subjects;

/**
 * The reuse report (docs/api.md §5, Decision 766), computed in SQL. Dossiers count when received in the
 * range, lookups when made in it; dates are in Asia/Ho_Chi_Minh.
 *
 * <p>Dossier figures come from the dossiers received in the range, each joined once to the sources
 * that answered it ({@code dossier_source}). Lookup figures come from the daily counters the ledger
 * writer keeps with the ledger ({@code lookup_daily}), so a report reads one row per day and group,
 * never the ledger's rows.
 *
 * <p>Grouped by source, each row shows what that source contributes: observed reuse is a
 * successful lookup from that source, over all the dossiers received in the range.
 */
@Component
public class ReuseReports {

    public enum GroupBy { AGENCY, PROCEDURE, SOURCE, DAY }

    /** One row per dossier received in the range: its group columns and reuse flags. */
    private static final String DOSSIER_FLAGS = "SELECT d.agency_code, d.procedure_code, d.received_date, "
            + "CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, "
            + "MAX(CASE WHEN s.dossier_id IS NULL THEN 0 ELSE 1 END) AS observed, "
            + "MAX(CASE WHEN s.source IN (%2$s) THEN 1 ELSE 0 END) AS citizen, "
            + "CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced "
            + "FROM dossier d LEFT JOIN dossier_source s ON s.dossier_id = d.dossier_id "
            + "WHERE d.received_at >= ? AND d.received_at < ? "
            + "GROUP BY d.dossier_id, d.agency_code, d.procedure_code, d.received_date, d.declared_reuse, d.sync_state";

    private static final String DOSSIER_COUNTS = "SELECT k, COUNT(*), SUM(declared), SUM(observed), "
            + "SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), "
            + "SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END) "
            + "FROM (SELECT %s AS k, f.* FROM (" + DOSSIER_FLAGS + ") f) g GROUP BY k";

    /** The dossiers received in the range, without their reuse. */
    private static final String DOSSIER_TOTALS = "SELECT COUNT(*), "
            + "SUM(CASE WHEN d.declared_reuse THEN 1 ELSE 0 END), SUM(CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END) "
            + "FROM dossier d WHERE d.received_at >= ? AND d.received_at < ?";

    /** Per source: the dossiers of the range it answered for, and how many of those declared reuse. */
    private static final String OBSERVED_BY_SOURCE = "SELECT s.source, COUNT(*), "
            + "SUM(CASE WHEN d.declared_reuse THEN 1 ELSE 0 END) "
            + "FROM dossier d JOIN dossier_source s ON s.dossier_id = d.dossier_id "
            + "WHERE d.received_at >= ? AND d.received_at < ? GROUP BY s.source";

    private static final String LOOKUP_COUNTS = "SELECT k, source, SUM(lookups), "
            + "SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN lookups ELSE 0 END), "
            + "SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN lookups ELSE 0 END), "
            + "SUM(CASE WHEN outcome = 'NOT_FOUND' THEN lookups ELSE 0 END), "
            + "SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN lookups ELSE 0 END) "
            + "FROM (SELECT %s AS k, source, outcome, served_from, lookups FROM lookup_daily "
            + "WHERE dimension = ? AND business_date >= ? AND business_date <= ?) x GROUP BY k, source";

    private static final String ALL = "'all'";
    /** The dossiers of the range that a source of citizen data (the population database) answered for. */
    private static final String CITIZEN_CONNECTED = "SELECT COUNT(DISTINCT d.dossier_id) "
            + "FROM dossier d JOIN dossier_source s ON s.dossier_id = d.dossier_id "
            + "WHERE d.received_at >= ? AND d.received_at < ? AND s.source IN (%s)";

    private final JdbcTemplate jdbc;
    private final Sources sources;
    private final Subjects subjects;
    private final LedgerWriter ledger;

    public ReuseReports(JdbcTemplate jdbc, Sources sources, Subjects subjects, LedgerWriter ledger) {
        this.jdbc = jdbc;
        this.ledger = ledger;
        this.subjects = subjects;
        this.sources = sources;
    }

    /** The whole range as one set of figures. */
    public ReuseFigures total(LocalDate from, LocalDate to) {
        ledger.awaitImported();
        DossierCounts dossiers = dossierCounts(ALL, from, to).getOrDefault("all", DossierCounts.NONE);
        Map<String, LookupCounts> lookups = lookupCounts(ALL, "all", from, to).getOrDefault("all", Map.of());
        return ReuseFigures.of(null, from.toString(), to.toString(), dossiers, withEverySource(lookups));
    }

    /** One row per agency, procedure, source or day, in key order. */
    public List<ReuseFigures> grouped(LocalDate from, LocalDate to, GroupBy groupBy) {
        ledger.awaitImported();
        if (groupBy == GroupBy.SOURCE) {
            return bySource(from, to);
        }
        String dossierKey = switch (groupBy) {
            case AGENCY -> "f.agency_code";
            case PROCEDURE -> "f.procedure_code";
            default -> "CAST(f.received_date AS VARCHAR(10))";
        };
        String lookupKey = groupBy == GroupBy.DAY ? "CAST(business_date AS VARCHAR(10))" : "dimension_key";
        String dimension = groupBy == GroupBy.DAY ? "all" : groupBy.name().toLowerCase(Locale.ROOT);
        Map<String, DossierCounts> dossiers = dossierCounts(dossierKey, from, to);
        Map<String, Map<String, LookupCounts>> lookups = lookupCounts(lookupKey, dimension, from, to);
        List<ReuseFigures> rows = new ArrayList<>();
        for (String key : new TreeSet<>(union(dossiers.keySet(), lookups.keySet()))) {
            rows.add(ReuseFigures.of(key, null, null, dossiers.getOrDefault(key, DossierCounts.NONE),
                    withEverySource(lookups.getOrDefault(key, Map.of()))));
        }
        return rows;
    }

    /**
     * The sources of citizen data as an SQL list: names from the registry, each a source name
     * ({@code [a-z][a-z0-9-]*}), so quoting them is safe; {@code NULL} when there is none.
     */
    private String citizenSources() {
        String names = subjects.citizenDataSources().stream().filter(n -> Sources.NAME.matcher(n).matches())
                .map(n -> "'" + n + "'").collect(Collectors.joining(", "));
        return names.isEmpty() ? "NULL" : names;
    }

    /**
     * One row per source: the dossier figures of the range with observed reuse narrowed to that
     * source and that source's lookups. Two statements: the range's totals, and one join that counts
     * per source the dossiers it answered for (the citizens row of which is citizen data connected).
     */
    private List<ReuseFigures> bySource(LocalDate from, LocalDate to) {
        long[] totals = jdbc.queryForObject(DOSSIER_TOTALS, (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2),
                rs.getLong(3)}, startOf(from), startOf(to.plusDays(1)));
        long received = totals[0];
        long declared = totals[1];
        long synced = totals[2];
        Map<String, long[]> observed = new HashMap<>();
        jdbc.query(OBSERVED_BY_SOURCE, rs -> {
            observed.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
        }, startOf(from), startOf(to.plusDays(1)));
        Map<String, LookupCounts> lookups = lookupCounts(ALL, "all", from, to).getOrDefault("all", Map.of());
        Long connected = jdbc.queryForObject(String.format(CITIZEN_CONNECTED, citizenSources()), Long.class,
                startOf(from), startOf(to.plusDays(1)));
        long citizenConnected = connected == null ? 0 : connected;
        List<ReuseFigures> rows = new ArrayList<>();
        for (String source : sources.names()) {
            long[] o = observed.getOrDefault(source, new long[2]);
            long observedHere = o[0];
            long declaredAndObserved = o[1];
            DossierCounts dossiers = new DossierCounts(received, declared, observedHere,
                    declared + observedHere - declaredAndObserved, citizenConnected, synced,
                    declared - declaredAndObserved, observedHere - declaredAndObserved);
            rows.add(ReuseFigures.of(source, null, null, dossiers,
                    Map.of(source, lookups.getOrDefault(source, LookupCounts.NONE))));
        }
        return rows;
    }

    private Map<String, DossierCounts> dossierCounts(String key, LocalDate from, LocalDate to) {
        Map<String, DossierCounts> counts = new HashMap<>();
        jdbc.query(String.format(DOSSIER_COUNTS, key, citizenSources()), rs -> {
            counts.put(rs.getString(1), new DossierCounts(rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
                    rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)));
        }, startOf(from), startOf(to.plusDays(1)));
        return counts;
    }

    private Map<String, Map<String, LookupCounts>> lookupCounts(String key, String dimension, LocalDate from,
                                                                LocalDate to) {
        Map<String, Map<String, LookupCounts>> counts = new HashMap<>();
        jdbc.query(String.format(LOOKUP_COUNTS, key), rs -> {
            counts.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2),
                    new LookupCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
        }, dimension, from, to);
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
