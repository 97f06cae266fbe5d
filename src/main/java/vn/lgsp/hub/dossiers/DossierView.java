package vn.lgsp.hub.dossiers;

import java.time.OffsetDateTime;
import java.util.List;

/** {@code GET /api/v1/dossiers/{dossierId}}: the dossier, its sync state, and its lookups from the ledger. */
public record DossierView(String dossierId, String procedureCode, String agencyCode, OffsetDateTime receivedAt,
                          DossierDocument.Channel channel, DossierStatus status, DossierDocument.Applicant applicant,
                          List<DossierDocument.Component> components, String procedureName, String fieldCode,
                          String fieldName, String summary, OffsetDateTime dueAt, String handlingUnit,
                          DossierDocument.ResultDelivery resultDelivery, int version, String syncState,
                          int syncAttempts, String lastSyncError, OffsetDateTime lastSyncedAt, List<Lookup> lookups) {

    public record Lookup(String source, OffsetDateTime at, String outcome, String servedFrom, String correlationId) {
    }
}
