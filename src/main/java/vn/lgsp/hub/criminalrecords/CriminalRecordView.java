package vn.lgsp.hub.criminalrecords;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * {@code GET /api/v1/criminal-record-requests/{requestId}}: the request, its status and, once issued, the
 * certificate; {@code certificatePdf} is the address of the certificate's PDF when the hub holds one.
 */
record CriminalRecordView(UUID requestId, RequestStatus status, int certificateType, String dossierId,
                          String procedureCode, OffsetDateTime createdAt, OffsetDateTime updatedAt,
                          OffsetDateTime completedAt, Certificate certificate, String reason, String certificatePdf) {
}
