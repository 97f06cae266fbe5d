package vn.lgsp.hub.ledger;

import java.time.Instant;
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
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.PageCursor;

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

    /** One lookup of a subject, as a data subject is shown it: who, for what, from where, how it ended. */
    public record SubjectAccess(OffsetDateTime at, String clientId, String agencyCode, String source,
                                String procedureCode, String dossierId, String outcome, String servedFrom) {
    }

    /** A page of a subject's lookups, newest first; {@code next} is null on the last one. */
    public record AccessPage(List<SubjectAccess> accesses, PageCursor next) {
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

    /**
     * The lookups of one subject in {@code [from, to)}, newest first, at most {@code limit} from just after
     * {@code before} (null: from the newest). A subject is found by the keyed hashes each source records it under
     * ({@code hashesBySource}: source name to the subject's hash under each key version, since a row keeps the
     * hash of the version it was written under), through the ledger's index by subject hash: never by scanning,
     * and a row counts only under the source it was recorded for.
     */
    public AccessPage accessesOf(Map<String, List<String>> hashesBySource, Instant from, Instant to,
                                 PageCursor before, int limit) {
        if (hashesBySource.isEmpty()) {
            return new AccessPage(List.of(), null);
        }
        writer.awaitImported();
        StringBuilder sql = new StringBuilder("SELECT occurred_at, client_id, agency_code, source, procedure_code, "
                + "dossier_id, outcome, served_from, id FROM lookup_ledger WHERE (");
        List<Object> args = new ArrayList<>();
        hashesBySource.forEach((source, hashes) -> {
            sql.append(args.isEmpty() ? "" : " OR ").append("(subject_hash IN (")
                    .append(String.join(", ", Collections.nCopies(hashes.size(), "?"))).append(") AND source = ?)");
            args.addAll(hashes);
            args.add(source);
        });
        sql.append(") AND occurred_at >= ? AND occurred_at < ?");
        args.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        args.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        if (before != null) {
            sql.append(" AND ").append(PageCursor.after("occurred_at", "id"));
            args.addAll(before.parameters());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY");
        args.add(limit + 1);
        List<PageCursor> keys = new ArrayList<>();
        List<SubjectAccess> rows = jdbc.query(sql.toString(), (rs, n) -> {
            OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
            keys.add(new PageCursor(at.toInstant(), rs.getLong(9)));
            return new SubjectAccess(at.atZoneSameInstant(BusinessTime.ZONE).toOffsetDateTime(), rs.getString(2), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8));
        }, args.toArray());
        return rows.size() <= limit ? new AccessPage(rows, null)
                : new AccessPage(rows.subList(0, limit), keys.get(limit - 1));
    }

    /** Whether the ledger holds this row already (its dossier, time, source, correlation id and outcome). */
    public boolean holds(LedgerEntry entry) {
        writer.awaitImported();
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM lookup_ledger WHERE dossier_id = ? "
                        + "AND occurred_at = ? AND source = ? AND correlation_id = ? AND outcome = ?",
                Integer.class, entry.dossierId(), OffsetDateTime.ofInstant(LedgerChain.stored(entry.occurredAt()), ZoneOffset.UTC),
                entry.source(), entry.correlationId(), entry.outcome());
        return rows != null && rows > 0;
    }
}
