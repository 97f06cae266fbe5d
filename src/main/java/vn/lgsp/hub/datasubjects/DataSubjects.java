package vn.lgsp.hub.datasubjects;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Year;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.PageCursor;
import vn.lgsp.hub.criminalrecords.CriminalRecordProperties;
import vn.lgsp.hub.ledger.LedgerQueries;
import vn.lgsp.hub.ledger.LedgerQueries.AccessPage;
import vn.lgsp.hub.sources.citizens.PersonalId;
import vn.lgsp.hub.sources.lookup.SubjectKind;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.Subjects;

/**
 * What a citizen may learn of how the hub used their data (the data tracker, docs/api.md §2.3; Decree
 * 13/2023/ND-CP gives the data subject the right to be informed of processing): every lookup of their personal
 * ID, by any client, through any source asked about a personal ID. The ledger holds no personal ID, only the
 * keyed hash each source records a subject under; the hub computes those hashes for the ID asked about and
 * finds the rows by them, under every key version (a row keeps the hash of the version current when it was
 * written). Each query is itself audited, naming the subject by its current hash.
 */
@Component
public class DataSubjects {

    static final String AUDIT_ACTION = "data-subject.accesses";
    /** The source whose subject hash names a citizen in the audit trail: the population database's. */
    static final String CITIZENS = "citizens";

    private final LedgerQueries ledger;
    private final DataProtection protection;
    private final Sources sources;
    private final Subjects subjects;
    private final AuditLog audit;
    private final Clock clock;

    DataSubjects(LedgerQueries ledger, DataProtection protection, Sources sources, Subjects subjects, AuditLog audit,
                 Clock clock) {
        this.ledger = ledger;
        this.protection = protection;
        this.sources = sources;
        this.subjects = subjects;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A citizen's accesses from {@code from} to {@code to} (days in Asia/Ho_Chi_Minh, both included), newest
     * first; an invalid personal ID is a 400 ({@code client.invalid_personal_id}) before anything is read.
     */
    public AccessPage citizen(String personalId, LocalDate from, LocalDate to, PageCursor before, int limit,
                              String actor) {
        String id = PersonalId.parse(personalId, Year.now(clock)).key();
        AccessPage page = ledger.accessesOf(hashesOf(id), startOf(from), startOf(to.plusDays(1)), before, limit);
        audit.record(actor, AUDIT_ACTION, "subject " + protection.subjectHash(CITIZENS, id), "done",
                page.accesses().size() + " accesses, " + from + " to " + to + (before == null ? "" : ", a later page"));
        return page;
    }

    /**
     * The hashes a personal ID is recorded under by each source asked about personal IDs, one per key version:
     * the population database, criminal-record requests, and every source an administrator added (its subject
     * may be one).
     */
    private Map<String, List<String>> hashesOf(String id) {
        Map<String, List<String>> hashes = new LinkedHashMap<>();
        for (String source : sources.names()) {
            if (subjects.kind(source).map(kind -> kind == SubjectKind.PERSONAL_ID).orElse(true)) {
                hashes.put(source, protection.subjectHashes(source, id));
            }
        }
        hashes.put(CriminalRecordProperties.SOURCE, protection.subjectHashes(CriminalRecordProperties.SOURCE, id));
        return hashes;
    }

    private static Instant startOf(LocalDate day) {
        return day.atStartOfDay(BusinessTime.ZONE).toInstant();
    }
}
