package vn.lgsp.hub.ledger;

import java.time.Instant;

/**
 * One lookup attempt as the ledger records it: who, for which dossier and procedure, which source,
 * the keyed hash of the subject (never the subject), the outcome and where the answer came from.
 */
public record LedgerEntry(Instant occurredAt, String clientId, String agencyCode, String dossierId,
                          String procedureCode, String officerId, String source, String subjectHash,
                          String outcome, String servedFrom, int durationMs, String correlationId) {

    public boolean found() {
        return "FOUND".equals(outcome);
    }
}
