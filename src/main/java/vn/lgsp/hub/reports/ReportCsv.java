package vn.lgsp.hub.reports;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import vn.lgsp.hub.reports.ReuseReports.GroupBy;

/** The reuse report as CSV (RFC 4180): a header row, then one row per group (or one for the range). */
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
        StringBuilder csv = new StringBuilder(line(header));
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
            csv.append(line(cells));
        }
        return csv.toString();
    }

    private static String line(List<String> cells) {
        return cells.stream().map(ReportCsv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    /** Quotes when needed; a leading =, +, - or @ is defused so spreadsheets do not run it as a formula. */
    private static String cell(String value) {
        String v = value == null ? "" : value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
