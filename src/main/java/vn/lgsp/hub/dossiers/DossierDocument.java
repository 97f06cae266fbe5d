package vn.lgsp.hub.dossiers;

import java.time.OffsetDateTime;
import java.util.List;

/** A dossier (ho so) as the AP system registers it with {@code PUT /api/v1/dossiers/{dossierId}} (docs/api.md §4). */
public record DossierDocument(String procedureCode, String agencyCode, OffsetDateTime receivedAt, Channel channel,
                              DossierStatus status, Applicant applicant, List<Component> components) {

    public enum Channel { IN_PERSON, ONLINE, POST }

    public enum IdType { PERSONAL_ID, OTHER }

    public record Applicant(IdType idType, String idNumber) {
    }

    /** A document of the dossier (thanh phan ho so): digitised, and whether it was reused rather than asked for. */
    public record Component(String code, String name, Boolean digitized, Boolean reused) {
    }

    public boolean declaresReuse() {
        return components != null && components.stream().anyMatch(c -> Boolean.TRUE.equals(c.reused()));
    }
}
