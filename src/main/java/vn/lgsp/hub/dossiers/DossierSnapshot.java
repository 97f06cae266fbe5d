package vn.lgsp.hub.dossiers;

import java.time.OffsetDateTime;

/**
 * A dossier as it stood at one version: what the portal is sent for that version.
 *
 * @param handling the status event that made this version, with who handled it and how; null for a
 *        version a {@code PUT} made (nothing to report as the dossier's progress)
 */
public record DossierSnapshot(String dossierId, int version, DossierDocument document, DossierStatus status,
                              OffsetDateTime statusAt, Handling handling) {

    /** Who handled the dossier at a status event, and what they did (both optional). */
    public record Handling(String officer, String note) {
    }
}
