package vn.lgsp.hub.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import vn.lgsp.hub.common.Csv;
import vn.lgsp.hub.reports.ReuseReports.GroupBy;

/**
 * The reuse report as CSV (RFC 4180): a header row, then one row per group (or one for the range); the Decision
 * 766 scorecard's rates and points last.
 */
final class ReportCsv {

    private ReportCsv() {
    }

    static String render(LocalDate from, LocalDate to, GroupBy groupBy, List<ReuseFigures> rows) {
        Set<String> sources = new LinkedHashSet<>();
        rows.forEach(r -> sources.addAll(r.lookups().keySet()));
        List<String> header = new ArrayList<>(List.of("from", "to"));
        if (groupBy != null) {
            header.add(groupBy.name().toLowerCase(Locale.ROOT));
        }
        header.addAll(List.of("dossiersReceived", "dossiersWithDeclaredReuse", "dossiersWithObservedReuse",
                "dossiersWithReuse", "reuseRate", "reuseScore766", "citizenDataConnectedRate", "syncedRate",
                "declaredNotObserved", "observedNotDeclared"));
        for (String source : sources) {
            for (String field : List.of("total", "fromSource", "fromReuseStore", "notFound", "failed")) {
                header.add("lookups." + source + "." + field);
            }
        }
        // after the columns of earlier versions, so that a reader of those finds them where they were
        for (String code : Scorecard766.CODES) {
            header.add("scorecard766." + code + ".rate");
            header.add("scorecard766." + code + ".points");
        }
        header.addAll(List.of("scorecard766.points", "scorecard766.maximum"));
        StringBuilder csv = new StringBuilder(Csv.line(header));
        for (ReuseFigures r : rows) {
            List<String> cells = new ArrayList<>(List.of(from.toString(), to.toString()));
            if (groupBy != null) {
                cells.add(r.key());
            }
            cells.addAll(List.of(Long.toString(r.dossiersReceived()), Long.toString(r.dossiersWithDeclaredReuse()),
                    Long.toString(r.dossiersWithObservedReuse()), Long.toString(r.dossiersWithReuse()),
                    r.reuseRate().toPlainString(), r.reuseScore766().toPlainString(),
                    r.citizenDataConnectedRate().toPlainString(), r.syncedRate().toPlainString(),
                    Long.toString(r.mismatches().declaredNotObserved()),
                    Long.toString(r.mismatches().observedNotDeclared())));
            for (String source : sources) {
                ReuseFigures.LookupCounts c = r.lookups().getOrDefault(source, ReuseFigures.LookupCounts.NONE);
                cells.addAll(List.of(Long.toString(c.total()), Long.toString(c.fromSource()),
                        Long.toString(c.fromReuseStore()), Long.toString(c.notFound()), Long.toString(c.failed())));
            }
            for (Scorecard766.Indicator indicator : r.scorecard766().indicators()) {
                cells.add(indicator.rate().toPlainString());
                cells.add(indicator.points() == null ? "" : indicator.points().toPlainString());
            }
            cells.add(r.scorecard766().points().toPlainString());
            cells.add(r.scorecard766().maximum().toPlainString());
            csv.append(Csv.line(cells));
        }
        return csv.toString();
    }
}
