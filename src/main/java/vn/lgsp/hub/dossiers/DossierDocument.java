package vn.lgsp.hub.dossiers;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * A dossier (ho so) as the AP system registers it with {@code PUT /api/v1/dossiers/{dossierId}} (docs/api.md §4).
 * Beside what every dossier has, what the portal shows of it (docs/national-systems.md §5.3): the procedure's
 * name and field, a summary, the due date, the handling unit and how the result is delivered — optional
 * unless {@code hub.dossiers.required-fields} names them.
 */
public record DossierDocument(String procedureCode, String agencyCode, OffsetDateTime receivedAt, Channel channel,
                              DossierStatus status, Applicant applicant, List<Component> components,
                              String procedureName, String fieldCode, String fieldName, String summary,
                              OffsetDateTime dueAt, String handlingUnit, ResultDelivery resultDelivery) {

    public enum Channel { IN_PERSON, ONLINE, POST }

    public enum IdType { PERSONAL_ID, OTHER }

    /** Who applies: the portal's LoaiDoiTuong 1-4. */
    public enum ApplicantType { CITIZEN, BUSINESS, STATE_BODY, OTHER }

    /** How the result is handed over: the portal's HinhThuc, 0 at the office, 1 by post. */
    public enum ResultDelivery { AT_OFFICE, BY_POST }

    /** The applicant (chủ hồ sơ): identification, and optionally name, type and contact. */
    public record Applicant(IdType idType, String idNumber, String name, ApplicantType type, String email,
                            String phone) {
    }

    /**
     * A document of the dossier (thanh phan ho so): digitised, whether it was reused rather than asked for,
     * and where the portal can fetch its file.
     */
    public record Component(String code, String name, Boolean digitized, Boolean reused, String fileUrl) {
    }

    public boolean declaresReuse() {
        return components != null && components.stream().anyMatch(c -> Boolean.TRUE.equals(c.reused()));
    }

    /**
     * Whether every component is digitised ({@code digitized: true}): the Decision 766 scorecard's share of
     * dossiers whose components were all digitised at reception. A dossier without components has none
     * digitised, so it does not count.
     */
    public boolean allComponentsDigitized() {
        return components != null && !components.isEmpty()
                && components.stream().allMatch(c -> c != null && Boolean.TRUE.equals(c.digitized()));
    }
}
