package vn.lgsp.hub.ledger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the ledger holds, for the other packages. Each read first waits until every lookup answered so
 * far is in the database ({@link LedgerWriter#awaitImported}), so it sees the lookups this hub has
 * answered, the last {@code import-delay-ms} included.
 */
@Component
public class LedgerQueries {

    /** One lookup made for a dossier, as the ledger holds it. */
    public record DossierLookup(String source, OffsetDateTime at, String outcome, String servedFrom,
                                String correlationId) {
    }

    private final JdbcTemplate jdbc;
    private final LedgerWriter writer;

    public LedgerQueries(JdbcTemplate jdbc, LedgerWriter writer) {
        this.jdbc = jdbc;
        this.writer = writer;
    }

    /** Every lookup made for the dossier, oldest first. */
    public List<DossierLookup> lookupsOf(String dossierId) {
        writer.awaitImported();
        return jdbc.query("SELECT source, occurred_at, outcome, served_from, correlation_id "
                        + "FROM lookup_ledger WHERE dossier_id = ? ORDER BY occurred_at, id",
                (rs, n) -> new DossierLookup(rs.getString(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                        rs.getString(4), rs.getString(5)), dossierId);
    }

    /** The sources that found what a lookup for each of these dossiers asked, by name, in one read. */
    public Map<String, List<String>> sourcesAnswering(Collection<String> dossierIds) {
        Map<String, List<String>> found = new HashMap<>();
        if (dossierIds.isEmpty()) {
            return found;
        }
        writer.awaitImported();
        jdbc.query("SELECT dossier_id, source FROM dossier_source WHERE dossier_id IN ("
                        + String.join(", ", Collections.nCopies(dossierIds.size(), "?")) + ") ORDER BY dossier_id, source",
                rs -> {
                    found.computeIfAbsent(rs.getString(1), d -> new ArrayList<>()).add(rs.getString(2));
                }, dossierIds.toArray());
        return found;
    }

    /** Whether the ledger holds this row already (its dossier, time, source, correlation id and outcome). */
    public boolean holds(LedgerEntry entry) {
        writer.awaitImported();
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE dossier_id = ? "
                        + "AND occurred_at = ? AND source = ? AND correlation_id = ? AND outcome = ?",
                Integer.class, entry.dossierId(), OffsetDateTime.ofInstant(entry.occurredAt(), ZoneOffset.UTC),
                entry.source(), entry.correlationId(), entry.outcome());
        return rows != null && rows > 0;
    }
}
