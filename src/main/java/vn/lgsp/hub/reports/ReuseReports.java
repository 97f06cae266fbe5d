package vn.lgsp.hub.reports;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
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
 *
 * <p>A report can be filtered to one agency, one procedure or both ({@link Filter}): every figure is then that
 * of the dossiers received by that agency for that procedure, and of the lookups made for them, exactly as the
 * unfiltered report's rows by agency or procedure count them. The statements are the same, with the filter's
 * conditions; no filter is no condition. Filtered lookups are read from the counters by agency and procedure
 * together ({@code lookup_daily_agency_procedure}), of which {@code lookup_daily} holds the sums by one
 * dimension that an unfiltered report reads.
 */
@Component
public class ReuseReports {

    /**
     * How a report's rows are grouped. Days, ISO weeks and months are periods of the receipt day (of a dossier)
     * or the business day (of a lookup), in Asia/Ho_Chi_Minh: their rows are the day rows, added up.
     */
    public enum GroupBy {
        AGENCY(null), PROCEDURE(null), SOURCE(null),
        DAY(LocalDate::toString),
        /** ISO 8601 week, {@code 2026-W48}: weeks begin on Monday, week 1 holds the year's first Thursday. */
        WEEK(day -> String.format(Locale.ROOT, "%04d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR),
                day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR))),
        /** {@code 2026-11}. */
        MONTH(day -> String.format(Locale.ROOT, "%04d-%02d", day.getYear(), day.getMonthValue()));

        private final Function<LocalDate, String> period;

        GroupBy(Function<LocalDate, String> period) {
            this.period = period;
        }

        /** Whether this groups by a period of time (the rows are then the day rows added up). */
        public boolean isPeriod() {
            return period != null;
        }

        /** The key of the row a day counts in: {@code 2026-11-30}, {@code 2026-W49} or {@code 2026-11}. */
        public String periodOf(LocalDate day) {
            return period.apply(day);
        }
    }

    /**
     * The dossiers and lookups a report is restricted to: one agency's (its code, as dossiers and lookups carry
     * it), one procedure's, those of both together, or all ({@link #NONE}). The codes are checked before
     * (agency: a reference, procedure: a national procedure code), and are bound, never written into SQL.
     */
    public record Filter(String agency, String procedure) {

        public static final Filter NONE = new Filter(null, null);

        public boolean isNone() {
            return agency == null && procedure == null;
        }

        /** The filter's conditions on the given columns, each {@code AND c = ?}: nothing for {@link #NONE}. */
        private String conditions(String agencyColumn, String procedureColumn) {
            return (agency == null ? "" : " AND " + agencyColumn + " = ?")
                    + (procedure == null ? "" : " AND " + procedureColumn + " = ?");
        }

        /** The statement's parameters: {@code first}, then the values of {@link #conditions}. */
        private Object[] parameters(Object... first) {
            List<Object> all = new ArrayList<>(List.of(first));
            if (agency != null) {
                all.add(agency);
            }
            if (procedure != null) {
                all.add(procedure);
            }
            return all.toArray();
        }

        /** The conditions on a dossier {@code d}, after its range. */
        private String dossiers() {
            return conditions("d.agency_code", "d.procedure_code");
        }

        /** A dossier statement's parameters: the range, then the filter's codes. */
        private Object[] dossierParameters(LocalDate from, LocalDate to) {
            return parameters(startOf(from), startOf(to.plusDays(1)));
        }
    }

    /**
     * A grouped report: its rows, and, when asked for, the range's figures ({@code total}, as {@link #total}
     * answers them) and the same rows grouped by other periods ({@code rollups}, e.g. the weeks of day rows),
     * all from the one pass over the data that the rows need.
     */
    public record Grouped(List<ReuseFigures> rows, ReuseFigures total, Map<GroupBy, List<ReuseFigures>> rollups) {
    }

    /**
     * One row per dossier received in the range: its group columns and reuse flags, and (slot 4) one flag
     * per source when the report is by source.
     */
    private static final String DOSSIER_FLAGS = "SELECT d.agency_code, d.procedure_code, d.received_date, "
            + "CASE WHEN d.declared_reuse THEN 1 ELSE 0 END AS declared, "
            + "MAX(CASE WHEN s.dossier_id IS NULL THEN 0 ELSE 1 END) AS observed, "
            + "MAX(CASE WHEN s.source IN (%2$s) THEN 1 ELSE 0 END) AS citizen, "
            + "CASE WHEN d.sync_state = 'SYNCED' THEN 1 ELSE 0 END AS synced, "
            + "CASE WHEN d.components_digitized THEN 1 ELSE 0 END AS digitized%4$s "
            + "FROM dossier d LEFT JOIN dossier_source s ON s.dossier_id = d.dossier_id "
            + "WHERE d.received_at >= ? AND d.received_at < ?%3$s "
            + "GROUP BY d.dossier_id, d.agency_code, d.procedure_code, d.received_date, d.declared_reuse, d.sync_state, "
            + "d.components_digitized";

    /**
     * The sums of {@link #DOSSIER_FLAGS} by key and procedure: a key's figures are its procedures' rows added up
     * ({@link DossierCounts#plus}), and which procedures it has, with and without citizen data, comes with them
     * (the scorecard's procedures connected to population data), exact in every grouping and total.
     */
    private static final String DOSSIER_COUNTS = "SELECT k, procedure_code, COUNT(*), SUM(declared), SUM(observed), "
            + "SUM(CASE WHEN declared = 1 OR observed = 1 THEN 1 ELSE 0 END), SUM(citizen), SUM(synced), "
            + "SUM(CASE WHEN declared = 1 AND observed = 0 THEN 1 ELSE 0 END), "
            + "SUM(CASE WHEN declared = 0 AND observed = 1 THEN 1 ELSE 0 END), SUM(digitized)%5$s "
            + "FROM (SELECT %1$s AS k, f.* FROM (" + DOSSIER_FLAGS + ") f) g GROUP BY k, procedure_code";
    /** The first column of {@link #DOSSIER_COUNTS}' extra sums (slot 5). */
    private static final int EXTRA_SUMS = 12;

    /** Lookup counts by key and source: the key, the counters' table and the conditions after the range are filled in. */
    private static final String LOOKUP_COUNTS = "SELECT k, source, SUM(lookups), "
            + "SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'source' THEN lookups ELSE 0 END), "
            + "SUM(CASE WHEN outcome = 'FOUND' AND served_from = 'reuse-store' THEN lookups ELSE 0 END), "
            + "SUM(CASE WHEN outcome = 'NOT_FOUND' THEN lookups ELSE 0 END), "
            + "SUM(CASE WHEN outcome IN ('FAILED', 'TIMEOUT', 'UNAVAILABLE') THEN lookups ELSE 0 END) "
            + "FROM (SELECT %s AS k, source, outcome, served_from, lookups FROM %s "
            + "WHERE business_date >= ? AND business_date <= ?%s) x GROUP BY k, source";

    private static final String ALL = "'all'";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final boolean postgres;
    private final Sources sources;
    private final Subjects subjects;
    private final LedgerWriter ledger;

    public ReuseReports(JdbcTemplate jdbc, PlatformTransactionManager transactions, Sources sources, Subjects subjects,
                        LedgerWriter ledger) {
        this.jdbc = jdbc;
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.postgres = "PostgreSQL".equals(jdbc.execute(
                (ConnectionCallback<String>) connection -> connection.getMetaData().getDatabaseProductName()));
        this.ledger = ledger;
        this.subjects = subjects;
        this.sources = sources;
    }

    /**
     * A report's statements, in one read-only transaction. On PostgreSQL each is planned for the range it
     * is given ({@code plan_cache_mode = force_custom_plan}): after five runs of a prepared statement,
     * PostgreSQL may keep a generic plan, which guesses the range's size; for a year's dossiers that plan
     * (a nested loop) took 0.82 s where the range's own plan (a merge join) takes 0.42 s (BENCHMARKS.md).
     */
    private <T> T inReport(Supplier<T> report) {
        ledger.awaitImported();
        return readOnly.execute(status -> {
            if (postgres) {
                jdbc.execute("SET LOCAL plan_cache_mode = force_custom_plan");
            }
            return report.get();
        });
    }

    /** The whole range as one set of figures, of the dossiers and lookups of {@code filter}. */
    public ReuseFigures total(LocalDate from, LocalDate to, Filter filter) {
        return inReport(() -> totalOf(from, to, filter));
    }

    private ReuseFigures totalOf(LocalDate from, LocalDate to, Filter filter) {
        DossierCounts dossiers = dossierCounts(ALL, from, to, filter).getOrDefault("all", DossierCounts.NONE);
        Map<String, LookupCounts> lookups = lookupCounts(null, from, to, filter).getOrDefault("all", Map.of());
        return ReuseFigures.of(null, from.toString(), to.toString(), dossiers, withEverySource(lookups));
    }

    /** One row per agency, procedure, source, day, week or month, in key order. */
    public List<ReuseFigures> grouped(LocalDate from, LocalDate to, GroupBy groupBy, Filter filter) {
        return grouped(from, to, groupBy, false, Set.of(), filter).rows();
    }

    /**
     * One row per group in key order; with {@code withTotal} the range's figures too, and for each period of
     * {@code rollups} its rows. Rolling up needs day rows: a rollup is a period and {@code groupBy} a period
     * too, each of whose rows lies within one row of the rollup (days into weeks or months, not weeks into
     * months). The total costs nothing more than the rows (with {@code groupBy=source}, it comes from the same
     * pass over the range's dossiers).
     */
    public Grouped grouped(LocalDate from, LocalDate to, GroupBy groupBy, boolean withTotal, Set<GroupBy> rollups,
                           Filter filter) {
        return inReport(() -> groupedOf(from, to, groupBy, withTotal, rollups, filter));
    }

    private Grouped groupedOf(LocalDate from, LocalDate to, GroupBy groupBy, boolean withTotal, Set<GroupBy> rollups,
                              Filter filter) {
        if (groupBy == GroupBy.SOURCE) {
            if (!rollups.isEmpty()) {
                throw new IllegalArgumentException("rollups need a period");
            }
            return bySource(from, to, filter, withTotal);
        }
        Map<String, DossierCounts> dossiers;
        Map<String, Map<String, LookupCounts>> lookups;
        Function<String, String> rowKey;
        if (groupBy.isPeriod()) {
            // the day rows, which every period adds up
            dossiers = dossierCounts("CAST(f.received_date AS VARCHAR(10))", from, to, filter);
            lookups = lookupCounts(groupBy, from, to, filter);
            rowKey = day -> groupBy.periodOf(LocalDate.parse(day));
        } else {
            if (!rollups.isEmpty()) {
                throw new IllegalArgumentException("rollups need a period");
            }
            dossiers = dossierCounts(groupBy == GroupBy.AGENCY ? "f.agency_code" : "f.procedure_code", from, to, filter);
            lookups = lookupCounts(groupBy, from, to, filter);
            rowKey = Function.identity();
        }
        List<ReuseFigures> rows = rollUp(dossiers, lookups, rowKey);
        Map<GroupBy, List<ReuseFigures>> more = new EnumMap<>(GroupBy.class);
        for (GroupBy rollup : rollups) {
            if (!rollup.isPeriod()) {
                throw new IllegalArgumentException("a rollup is a period");
            }
            more.put(rollup, rollUp(dossiers, lookups, day -> rollup.periodOf(LocalDate.parse(day))));
        }
        ReuseFigures total = null;
        if (withTotal) {
            // every dossier of the range is in exactly one row; every lookup in one row of its dimension, and
            // in one day of the dimension "all", which the range's lookups are read from unless they are at hand
            DossierCounts all = dossiers.values().stream().reduce(DossierCounts.NONE, DossierCounts::plus);
            Map<String, LookupCounts> allLookups = groupBy.isPeriod()
                    ? add(lookups.values())
                    : lookupCounts(null, from, to, filter).getOrDefault("all", Map.of());
            total = ReuseFigures.of(null, from.toString(), to.toString(), all, withEverySource(allLookups));
        }
        return new Grouped(rows, total, more);
    }

    /** Rows keyed by {@code key} of the given rows' keys (the rows themselves, or their days added up by period). */
    private List<ReuseFigures> rollUp(Map<String, DossierCounts> dossiers, Map<String, Map<String, LookupCounts>> lookups,
                                      Function<String, String> key) {
        Map<String, DossierCounts> dossierRows = new TreeMap<>();
        dossiers.forEach((k, counts) -> dossierRows.merge(key.apply(k), counts, DossierCounts::plus));
        Map<String, List<Map<String, LookupCounts>>> lookupRows = new TreeMap<>();
        lookups.forEach((k, counts) -> lookupRows.computeIfAbsent(key.apply(k), x -> new ArrayList<>()).add(counts));
        List<ReuseFigures> rows = new ArrayList<>();
        for (String k : new TreeSet<>(union(dossierRows.keySet(), lookupRows.keySet()))) {
            rows.add(ReuseFigures.of(k, null, null, dossierRows.getOrDefault(k, DossierCounts.NONE),
                    withEverySource(add(lookupRows.getOrDefault(k, List.of())))));
        }
        return rows;
    }

    /** Lookup counts by source, added up. */
    private static Map<String, LookupCounts> add(Collection<Map<String, LookupCounts>> counts) {
        Map<String, LookupCounts> sum = new TreeMap<>();
        counts.forEach(bySource -> bySource.forEach((source, c) -> sum.merge(source, c, LookupCounts::plus)));
        return sum;
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
     * One row per source: the dossier figures of the range with observed reuse narrowed to that source,
     * and that source's lookups; and, when asked for, the range's total. One pass over the range's
     * dossiers and their sources gives every source's figures and the total's: a flag per source for
     * each dossier, summed, alone and with the dossier's declared reuse.
     */
    private Grouped bySource(LocalDate from, LocalDate to, Filter filter, boolean withTotal) {
        List<String> names = sources.names().stream().filter(n -> Sources.NAME.matcher(n).matches()).toList();
        StringBuilder flags = new StringBuilder();
        StringBuilder sums = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            flags.append(", MAX(CASE WHEN s.source = '").append(names.get(i)).append("' THEN 1 ELSE 0 END) AS o").append(i);
            sums.append(", SUM(o").append(i).append("), SUM(o").append(i).append(" * declared)");
        }
        DossierCounts[] all = {DossierCounts.NONE};
        Map<String, long[]> observed = new HashMap<>();
        jdbc.query(String.format(DOSSIER_COUNTS, ALL, citizenSources(), filter.dossiers(), flags, sums), rs -> {
            // one row per procedure: added up
            all[0] = all[0].plus(dossierCountsOf(rs));
            for (int i = 0; i < names.size(); i++) {
                long[] o = observed.computeIfAbsent(names.get(i), n -> new long[2]);
                o[0] += rs.getLong(EXTRA_SUMS + 2 * i);
                o[1] += rs.getLong(EXTRA_SUMS + 1 + 2 * i);
            }
        }, filter.dossierParameters(from, to));
        DossierCounts range = all[0];
        Map<String, LookupCounts> lookups = lookupCounts(null, from, to, filter).getOrDefault("all", Map.of());
        List<ReuseFigures> rows = new ArrayList<>();
        for (String source : sources.names()) {
            long[] o = observed.getOrDefault(source, new long[2]);
            long observedHere = o[0];
            long declaredAndObserved = o[1];
            DossierCounts dossiers = new DossierCounts(range.received(), range.declared(), observedHere,
                    range.declared() + observedHere - declaredAndObserved, range.citizenConnected(), range.synced(),
                    range.declared() - declaredAndObserved, observedHere - declaredAndObserved, range.digitized(),
                    range.procedures(), range.citizenProcedures());
            rows.add(ReuseFigures.of(source, null, null, dossiers,
                    Map.of(source, lookups.getOrDefault(source, LookupCounts.NONE))));
        }
        ReuseFigures total = withTotal
                ? ReuseFigures.of(null, from.toString(), to.toString(), range, withEverySource(lookups)) : null;
        return new Grouped(rows, total, Map.of());
    }

    private Map<String, DossierCounts> dossierCounts(String key, LocalDate from, LocalDate to, Filter filter) {
        Map<String, DossierCounts> counts = new HashMap<>();
        jdbc.query(String.format(DOSSIER_COUNTS, key, citizenSources(), filter.dossiers(), "", ""),
                rs -> {
                    counts.merge(rs.getString(1), dossierCountsOf(rs), DossierCounts::plus);
                }, filter.dossierParameters(from, to));
        return counts;
    }

    /** Columns 2-11 of a {@link #DOSSIER_COUNTS} row: one procedure's dossiers of a key. */
    private static DossierCounts dossierCountsOf(java.sql.ResultSet rs) throws java.sql.SQLException {
        String procedure = rs.getString(2);
        long citizen = rs.getLong(7);
        return new DossierCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), citizen,
                rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11), Set.of(procedure),
                citizen > 0 ? Set.of(procedure) : Set.of());
    }

    /**
     * Lookup counts by source, keyed by {@code groupBy}'s key (a period's: by day) or, for {@code null}, all under
     * the key {@code all}. Without a filter from the sums of {@code lookup_daily}'s dimension ({@code all},
     * {@code agency} or {@code procedure}); with one from {@code lookup_daily_agency_procedure}'s rows of the
     * filter's agency and procedure.
     */
    private Map<String, Map<String, LookupCounts>> lookupCounts(GroupBy groupBy, LocalDate from, LocalDate to,
                                                                Filter filter) {
        String key;
        String table;
        String conditions;
        Object[] parameters;
        if (groupBy == null) {
            key = ALL;
        } else if (groupBy.isPeriod()) {
            key = "CAST(business_date AS VARCHAR(10))";
        } else if (filter.isNone()) {
            key = "dimension_key";
        } else {
            key = groupBy == GroupBy.AGENCY ? "agency_code" : "procedure_code";
        }
        if (filter.isNone()) {
            table = "lookup_daily";
            conditions = " AND dimension = ?";
            parameters = new Object[] {from, to, groupBy == GroupBy.AGENCY ? "agency"
                    : groupBy == GroupBy.PROCEDURE ? "procedure" : "all"};
        } else {
            table = "lookup_daily_agency_procedure";
            conditions = filter.conditions("agency_code", "procedure_code");
            parameters = filter.parameters(from, to);
        }
        Map<String, Map<String, LookupCounts>> counts = new HashMap<>();
        jdbc.query(String.format(LOOKUP_COUNTS, key, table, conditions), rs -> {
            counts.computeIfAbsent(rs.getString(1), k -> new TreeMap<>()).put(rs.getString(2),
                    new LookupCounts(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getLong(7)));
        }, parameters);
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
