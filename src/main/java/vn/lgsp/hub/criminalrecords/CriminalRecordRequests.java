package vn.lgsp.hub.criminalrecords;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntUnaryOperator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.BusinessTime;
import vn.lgsp.hub.common.DataProtection;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.SealedTable;
import vn.lgsp.hub.delivery.Claims;
import vn.lgsp.hub.gateway.GatewayRequest;
import vn.lgsp.hub.ledger.LedgerEntry;
import vn.lgsp.hub.ledger.LedgerQueries;
import vn.lgsp.hub.ledger.LedgerWriter;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.security.Role;

/**
 * The hub's record of criminal-record requests and their life: accepted PENDING (one open request per
 * dossier), submitted (the maHoSoMCDT it was sent under kept), polled under an optimistic claim, and completed ISSUED, REJECTED or
 * FAILED. A completion is written to the reuse ledger before the request shows it, and at most once.
 *
 * <p>A request's sealed columns (the document, the upstream id, the certificate and its PDF) are all under the
 * key version of its row ({@code key_version}): the document is sealed under the current version when the
 * request is accepted, and what is added later under the row's version, which the re-encryption job moves to
 * the current one for all of them at once.
 */
@Component
class CriminalRecordRequests implements SealedTable.Owner {

    static final String SOURCE = CriminalRecordProperties.SOURCE;
    static final String DEADLINE_EXCEEDED = "deadline exceeded";
    private static final int MAX_REASON = 1000;
    private static final String CONTEXT_COLUMNS = "client_id, agency_code, dossier_id, procedure_code, officer_id, "
            + "correlation_id, subject_hash, created_at";

    private final JdbcTemplate jdbc;
    private final DataProtection protection;
    private final LedgerWriter ledger;
    private final LedgerQueries ledgerHolds;
    private final ObjectMapper json;
    private final CriminalRecordProperties properties;
    private final Clock clock;

    CriminalRecordRequests(JdbcTemplate jdbc, DataProtection protection, LedgerWriter ledger, LedgerQueries ledgerHolds,
                           ObjectMapper json, CriminalRecordProperties properties, Clock clock) {
        this.ledgerHolds = ledgerHolds;
        this.jdbc = jdbc;
        this.protection = protection;
        this.ledger = ledger;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
    }

    // --- accepting and reading -------------------------------------------------------------------

    /**
     * Stores a valid request as PENDING, with its deadline; committed when this returns. The service
     * knows a request by its dossier (maHoSoMCDT): a dossier that has a request not FAILED is refused
     * ({@code client.conflict}), and nothing is stored.
     */
    UUID create(GatewayRequest context, CriminalRecordDocument document) {
        Integer open = jdbc.queryForObject("SELECT COUNT(*) FROM criminal_record_request WHERE dossier_id = ? "
                + "AND status <> ?", Integer.class, context.dossierId(), RequestStatus.FAILED.name());
        if (open != null && open > 0) {
            throw new HubException(ErrorCode.CONFLICT, "This dossier already has a criminal-record request that is "
                    + "pending or completed; the criminal-records service knows a request by its dossier");
        }
        UUID id = UUID.randomUUID();
        OffsetDateTime now = now();
        DataProtection.Sealed sealed = protection.encrypt(toJson(document), documentData(id));
        jdbc.update("INSERT INTO criminal_record_request (request_id, client_id, agency_code, dossier_id, "
                        + "procedure_code, officer_id, correlation_id, subject_hash, certificate_type, document, "
                        + "key_version, status, attempts, polls, claim_version, created_at, deadline_at, updated_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)",
                id, context.client().id(), context.agencyCode(), context.dossierId(), context.procedureCode(),
                context.officerId(), context.correlationId(), subjectHash(document.personalId()),
                document.certificateType(), sealed.ciphertext(), sealed.keyVersion(),
                RequestStatus.PENDING.name(), now, now.plusSeconds(properties.deadlineSeconds()), now);
        return id;
    }

    /** A request as its creator (or an administrator) may see it. */
    CriminalRecordView view(UUID id, HubClient reader) {
        List<CriminalRecordView> found = jdbc.query("SELECT client_id, status, certificate_type, dossier_id, "
                        + "procedure_code, created_at, updated_at, completed_at, certificate, key_version, reason, "
                        + "CASE WHEN certificate_pdf IS NULL THEN 0 ELSE 1 END AS has_pdf "
                        + "FROM criminal_record_request WHERE request_id = ?",
                (rs, n) -> view(rs, id, reader), id);
        if (found.isEmpty()) {
            throw notFound();
        }
        return found.get(0);
    }

    private CriminalRecordView view(ResultSet rs, UUID id, HubClient reader) throws SQLException {
        authorise(rs.getString("client_id"), reader);
        byte[] sealed = rs.getBytes("certificate");
        Certificate certificate = sealed == null ? null
                : fromJson(protection.decrypt(sealed, rs.getInt("key_version"), certificateData(id)), Certificate.class);
        return new CriminalRecordView(id, RequestStatus.valueOf(rs.getString("status")), rs.getInt("certificate_type"),
                rs.getString("dossier_id"), rs.getString("procedure_code"), local(rs, "created_at"),
                local(rs, "updated_at"), local(rs, "completed_at"), certificate, rs.getString("reason"),
                rs.getInt("has_pdf") == 1 ? CriminalRecordRoutes.PATH + "/" + id + "/certificate" : null);
    }

    /**
     * The certificate's PDF, as its creator (or an administrator) may read it; {@code client.not_found}
     * when the request is unknown, not issued, or issued without a PDF.
     */
    byte[] pdf(UUID id, HubClient reader) {
        List<DataProtection.Sealed> found = jdbc.query("SELECT client_id, certificate_pdf, key_version "
                + "FROM criminal_record_request WHERE request_id = ?", (rs, n) -> {
                    authorise(rs.getString("client_id"), reader);
                    byte[] pdf = rs.getBytes("certificate_pdf");
                    return pdf == null ? null : new DataProtection.Sealed(pdf, rs.getInt("key_version"));
                }, id);
        if (found.isEmpty()) {
            throw notFound();
        }
        if (found.get(0) == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "This request holds no certificate PDF (not issued, or "
                    + "issued without one)");
        }
        return protection.decrypt(found.get(0), pdfData(id));
    }

    private static void authorise(String creator, HubClient reader) {
        if (!reader.roles().contains(Role.ADMIN) && !creator.equals(reader.id())) {
            throw new HubException(ErrorCode.FORBIDDEN, "This request was made by another client");
        }
    }

    static HubException notFound() {
        return new HubException(ErrorCode.NOT_FOUND, "No such criminal-record request");
    }

    /** Ledger row of a request refused as invalid; throws {@code hub.ledger_unavailable} if it cannot be recorded. */
    void recordInvalid(GatewayRequest context, String rawPersonalId, Instant started, long durationMs) {
        ledger.record(new LedgerEntry(started, context.client() == null ? "unknown" : context.client().id(),
                context.agencyCode(), context.dossierId(), context.procedureCode(), context.officerId(), SOURCE,
                subjectHash(rawPersonalId == null ? "" : rawPersonalId), "INVALID", null, (int) durationMs,
                context.correlationId()), null);
    }

    // --- submission ------------------------------------------------------------------------------

    /** Requests committed before this instant but never queued (the hub stopped between commit and send), oldest first. */
    List<UUID> unqueued(OffsetDateTime before, int limit) {
        return jdbc.query("SELECT request_id FROM criminal_record_request WHERE enqueued_at IS NULL "
                        + "AND created_at < ? AND status = ? AND upstream_request_id IS NULL ORDER BY created_at LIMIT ?",
                (rs, n) -> rs.getObject(1, UUID.class), before, RequestStatus.PENDING.name(), limit);
    }

    /**
     * Marks as queued those of these requests not queued yet, in the caller's transaction, and returns them: their
     * rows stay locked until it ends, so that a request is claimed by one sender. One batch, rows in id order;
     * each row found by its key: the test on {@code enqueued_at} is written so that the database cannot take the
     * sweep's index on that column for it.
     */
    List<UUID> claim(Collection<UUID> ids, OffsetDateTime at) {
        List<UUID> inKeyOrder = ids.stream().sorted().toList();
        int[] updated = jdbc.batchUpdate("UPDATE criminal_record_request SET enqueued_at = ? "
                        + "WHERE request_id = ? AND (enqueued_at IS NULL) IS TRUE",
                inKeyOrder.stream().map(id -> new Object[] {at, id}).toList());
        return Claims.claimed(inKeyOrder, updated);
    }

    /**
     * Starts a submission attempt: the request to send, or empty when there is nothing to submit
     * (unknown, or already submitted: a redelivered message does nothing). A request FAILED by its
     * submission (it has no upstream id) is reopened: PENDING again, with a new deadline.
     */
    Optional<ToSubmit> startSubmission(UUID id) {
        OffsetDateTime now = now();
        int started = jdbc.update("UPDATE criminal_record_request SET attempts = attempts + 1, "
                        + "deadline_at = CASE WHEN status = ? THEN ? ELSE deadline_at END, "
                        + "status = ?, reason = NULL, completed_at = NULL, updated_at = ? "
                        + "WHERE request_id = ? AND upstream_request_id IS NULL",
                RequestStatus.FAILED.name(), now.plusSeconds(properties.deadlineSeconds()), RequestStatus.PENDING.name(),
                now, id);
        if (started == 0) {
            return Optional.empty();
        }
        return jdbc.query("SELECT document, dossier_id, correlation_id, created_at, deadline_at, key_version "
                        + "FROM criminal_record_request WHERE request_id = ?",
                (rs, n) -> new ToSubmit(id, fromJson(protection.decrypt(rs.getBytes(1), rs.getInt(6), documentData(id)),
                        CriminalRecordDocument.class), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getObject(5, OffsetDateTime.class)), id)
                .stream().findFirst();
    }

    /** One more submission attempt (a redelivery). */
    void attempted(UUID id) {
        jdbc.update("UPDATE criminal_record_request SET attempts = attempts + 1 WHERE request_id = ?", id);
    }

    /**
     * The service took the request, which it knows by {@code upstreamId} (its maHoSoMCDT, the dossier id,
     * kept encrypted as the upstream ids the hub kept before): from now on it is polled.
     */
    void submitted(UUID id, String upstreamId) {
        OffsetDateTime now = now();
        underRowKey(id, keyVersion -> jdbc.update("UPDATE criminal_record_request SET upstream_request_id = ?, "
                        + "submitted_at = ?, next_poll_at = ?, updated_at = ? "
                        + "WHERE request_id = ? AND upstream_request_id IS NULL AND key_version = ?",
                protection.encrypt(upstreamId.getBytes(StandardCharsets.UTF_8), upstreamData(id), keyVersion).ciphertext(),
                now, now.plus(properties.pollBackoffInitialMs(), ChronoUnit.MILLIS), now, id, keyVersion));
    }

    /** The last submission attempt failed: FAILED with the reason (ledger first). */
    void submissionFailed(UUID id, String reason) {
        Optional<Context> context = jdbc.query("SELECT " + CONTEXT_COLUMNS + " FROM criminal_record_request "
                + "WHERE request_id = ? AND status = ? AND upstream_request_id IS NULL",
                (rs, n) -> context(rs), id, RequestStatus.PENDING.name()).stream().findFirst();
        if (context.isEmpty()) {
            return;
        }
        recordOnce(context.get(), "FAILED", null);
        OffsetDateTime now = now();
        jdbc.update("UPDATE criminal_record_request SET status = ?, reason = ?, completed_at = ?, updated_at = ? "
                        + "WHERE request_id = ? AND status = ? AND upstream_request_id IS NULL",
                RequestStatus.FAILED.name(), truncate(reason), now, now, id, RequestStatus.PENDING.name());
    }

    // --- polling ---------------------------------------------------------------------------------

    /** Pending requests whose poll is due, oldest first; each must still be claimed. */
    List<Due> due() {
        return jdbc.query("SELECT request_id, claim_version FROM criminal_record_request WHERE status = ? "
                        + "AND next_poll_at <= ? ORDER BY next_poll_at LIMIT ?",
                (rs, n) -> new Due(rs.getObject(1, UUID.class), rs.getInt(2)), RequestStatus.PENDING.name(), now(),
                properties.pollBatchSize());
    }

    /**
     * Claims a due request for one poll: an optimistic UPDATE on its claim version, so that of two
     * hub instances only one polls it. The claim holds until its lease ends (a crashed poller's
     * request is polled again then).
     */
    Optional<Claim> claim(Due due) {
        OffsetDateTime now = now();
        OffsetDateTime lease = now.plus(2L * properties.timeoutMs() + 30_000, ChronoUnit.MILLIS);
        int claimed = jdbc.update("UPDATE criminal_record_request SET claim_version = claim_version + 1, "
                        + "polls = polls + 1, next_poll_at = ? WHERE request_id = ? AND claim_version = ? AND status = ?",
                lease, due.id(), due.claimVersion(), RequestStatus.PENDING.name());
        if (claimed == 0) {
            return Optional.empty();
        }
        return jdbc.query("SELECT upstream_request_id, key_version, deadline_at, polls, " + CONTEXT_COLUMNS
                        + " FROM criminal_record_request WHERE request_id = ?",
                (rs, n) -> new Claim(due.id(), due.claimVersion() + 1,
                        new String(protection.decrypt(rs.getBytes("upstream_request_id"), rs.getInt("key_version"),
                                upstreamData(due.id())), StandardCharsets.UTF_8),
                        !rs.getObject("deadline_at", OffsetDateTime.class).isAfter(now), rs.getInt("polls"),
                        rs.getObject("deadline_at", OffsetDateTime.class), context(rs)), due.id()).stream().findFirst();
    }

    /** Issued: the certificate and its PDF (null when the service sent none), both encrypted. */
    void issued(Claim claim, Certificate certificate, byte[] pdf) {
        recordOnce(claim.context(), "FOUND", "source");
        complete(claim, RequestStatus.ISSUED, toJson(certificate), pdf, null);
    }

    void rejected(Claim claim, String reason) {
        recordOnce(claim.context(), "NOT_FOUND", null);
        complete(claim, RequestStatus.REJECTED, null, null, reason);
    }

    void deadlineExceeded(Claim claim) {
        recordOnce(claim.context(), "TIMEOUT", null);
        complete(claim, RequestStatus.FAILED, null, null, DEADLINE_EXCEEDED);
    }

    /**
     * Not final yet: poll again later, and no later than the deadline. The first poll comes the
     * initial backoff after the submission; each delay after it is twice the one before, up to the maximum.
     */
    void reschedule(Claim claim) {
        long delay = properties.pollBackoffInitialMs();
        for (int i = 0; i < claim.polls() && delay < properties.pollBackoffMaxMs(); i++) {
            delay *= 2;
        }
        OffsetDateTime next = now().plus(Math.min(delay, properties.pollBackoffMaxMs()), ChronoUnit.MILLIS);
        if (next.isAfter(claim.deadlineAt())) {
            next = claim.deadlineAt();
        }
        jdbc.update("UPDATE criminal_record_request SET next_poll_at = ?, updated_at = ? "
                + "WHERE request_id = ? AND claim_version = ? AND status = ?",
                next, now(), claim.id(), claim.claimVersion(), RequestStatus.PENDING.name());
    }

    /** The request's end, its certificate and PDF (either may be null) sealed under the row's key version. */
    private void complete(Claim claim, RequestStatus status, byte[] certificate, byte[] pdf, String reason) {
        OffsetDateTime now = now();
        underRowKey(claim.id(), keyVersion -> jdbc.update("UPDATE criminal_record_request SET status = ?, "
                        + "certificate = ?, certificate_pdf = ?, reason = ?, next_poll_at = NULL, completed_at = ?, "
                        + "updated_at = ? WHERE request_id = ? AND claim_version = ? AND status = ? AND key_version = ?",
                status.name(), seal(certificate, certificateData(claim.id()), keyVersion),
                seal(pdf, pdfData(claim.id()), keyVersion), truncate(reason), now, now, claim.id(), claim.claimVersion(),
                RequestStatus.PENDING.name(), keyVersion));
    }

    private byte[] seal(byte[] plain, String associatedData, int keyVersion) {
        return plain == null ? null : protection.encrypt(plain, associatedData, keyVersion).ciphertext();
    }

    /**
     * Writes a value sealed into a request's row that exists already, under the key version of the row's other
     * sealed columns ({@code update} seals under the version it is given, and changes the row only if it is still
     * under it). Should the re-encryption job move the row to a newer key between the read of its version and
     * the write, the value is sealed and written again under the new one.
     *
     * @return the rows updated: 0 when the update's own conditions do not hold (or the request is gone)
     */
    private int underRowKey(UUID id, IntUnaryOperator update) {
        while (true) {
            Integer before = keyVersion(id);
            if (before == null) {
                return 0;
            }
            int updated = update.applyAsInt(before);
            if (updated > 0 || before.equals(keyVersion(id))) {
                return updated;
            }
        }
    }

    private Integer keyVersion(UUID id) {
        return jdbc.query("SELECT key_version FROM criminal_record_request WHERE request_id = ?",
                (rs, n) -> rs.getInt(1), id).stream().findFirst().orElse(null);
    }

    /** The request's sealed columns, for the re-encryption job. */
    @Override
    public List<SealedTable> sealedTables() {
        return List.of(new SealedTable("criminal_record_request", List.of("request_id"), List.of(
                new SealedTable.Column("document", key -> documentData(uuid(key.get(0)))),
                new SealedTable.Column("upstream_request_id", key -> upstreamData(uuid(key.get(0)))),
                new SealedTable.Column("certificate", key -> certificateData(uuid(key.get(0)))),
                new SealedTable.Column("certificate_pdf", key -> pdfData(uuid(key.get(0)))))));
    }

    private static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    // --- the ledger --------------------------------------------------------------------------------

    /**
     * Writes the ledger row of a request's completion unless it is there already (the hub stopped
     * after writing it and before completing the request): the row is the request's creation instant
     * and correlation id in its dossier, which the ledger's dossier index finds at once.
     */
    private void recordOnce(Context c, String outcome, String servedFrom) {
        long durationMs = Math.max(0, clock.millis() - c.createdAt().toInstant().toEpochMilli());
        LedgerEntry entry = new LedgerEntry(c.createdAt().toInstant(), c.clientId(), c.agencyCode(), c.dossierId(),
                c.procedureCode(), c.officerId(), SOURCE, c.subjectHash(), outcome, servedFrom,
                (int) Math.min(Integer.MAX_VALUE, durationMs), c.correlationId());
        if (!ledgerHolds.holds(entry)) {
            ledger.record(entry, null);
        }
    }

    private static Context context(ResultSet rs) throws SQLException {
        return new Context(rs.getString("client_id"), rs.getString("agency_code"), rs.getString("dossier_id"),
                rs.getString("procedure_code"), rs.getString("officer_id"), rs.getString("correlation_id"),
                rs.getString("subject_hash"), rs.getObject("created_at", OffsetDateTime.class));
    }

    // --- helpers -----------------------------------------------------------------------------------

    private String subjectHash(String personalId) {
        return protection.subjectHash(SOURCE, personalId);
    }

    /** Now, to the millisecond: instants written here compare equal when read back on H2 and PostgreSQL. */
    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
    }

    private static OffsetDateTime local(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.atZoneSameInstant(BusinessTime.ZONE).toOffsetDateTime();
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= MAX_REASON ? reason : reason.substring(0, MAX_REASON);
    }

    private byte[] toJson(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Request documents and certificates always serialise", e);
        }
    }

    private <T> T fromJson(byte[] bytes, Class<T> type) {
        try {
            return json.readValue(bytes, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String documentData(UUID id) {
        return "criminal_record_request:" + id;
    }

    private static String upstreamData(UUID id) {
        return "criminal_record_request:" + id + ":upstream";
    }

    private static String certificateData(UUID id) {
        return "criminal_record_request:" + id + ":certificate";
    }

    private static String pdfData(UUID id) {
        return "criminal_record_request:" + id + ":certificate_pdf";
    }

    /** What a submission sends upstream. */
    record ToSubmit(UUID id, CriminalRecordDocument document, String dossierId, String correlationId,
                    OffsetDateTime createdAt, OffsetDateTime deadlineAt) {

        @Override
        public String toString() {
            return "ToSubmit[" + id + "]";
        }
    }

    /** A request whose poll is due, at the claim version it was seen with. */
    record Due(UUID id, int claimVersion) {
    }

    /** A request claimed for one poll; {@code upstreamId} is the maHoSoMCDT it was submitted under. */
    record Claim(UUID id, int claimVersion, String upstreamId, boolean pastDeadline, int polls,
                 OffsetDateTime deadlineAt, Context context) {

        @Override
        public String toString() {
            return "Claim[" + id + "]";
        }
    }

    /** Who asked, for which dossier and procedure: what the request's ledger row carries. */
    record Context(String clientId, String agencyCode, String dossierId, String procedureCode, String officerId,
                   String correlationId, String subjectHash, OffsetDateTime createdAt) {
    }
}
