package vn.lgsp.hub.dossiers;

import java.time.OffsetDateTime;

/** A dossier as it stood at one version: what the portal is sent for that version. */
public record DossierSnapshot(String dossierId, int version, DossierDocument document, DossierStatus status,
                              OffsetDateTime statusAt) {
}
