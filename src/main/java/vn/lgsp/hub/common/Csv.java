package vn.lgsp.hub.common;

import java.util.List;
import java.util.stream.Collectors;

/** CSV as the hub writes it (RFC 4180, CRLF line ends): the reuse report and a data subject's accesses. */
public final class Csv {

    private Csv() {
    }

    /** One line of cells, each quoted when needed. */
    public static String line(List<String> cells) {
        return cells.stream().map(Csv::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    /** Quotes when needed; a leading =, +, - or @ is defused so spreadsheets do not run it as a formula. */
    static String cell(String value) {
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
