package vn.lgsp.hub.sources.enterprises;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import vn.lgsp.hub.sources.lookup.Address;

/**
 * The canonical enterprise (docs/api.md §2), from the National Business Registration Database.
 * Beside each name the registry gives by code, the code it came from ({@code legalFormCode},
 * {@code statusCode}).
 */
public record Enterprise(String enterpriseCode, String parentEnterpriseCode, String name, String englishName,
                         String shortName, String legalForm, String legalFormCode, Status status,
                         String statusCode, String statusName, LocalDate statusSince, LocalDate suspendedUntil,
                         LocalDate registeredAt, Address headOffice, List<LegalRepresentative> legalRepresentatives,
                         List<BusinessLine> businessLines, OffsetDateTime retrievedAt) {

    /** Legal status; {@code UNKNOWN} when the registry uses a code the hub does not know yet. */
    public enum Status { ACTIVE, SUSPENDED, DISSOLVING, DISSOLVED, REVOKED, UNKNOWN }

    public record LegalRepresentative(String fullName, String position) {
    }

    public record BusinessLine(String code, String name, boolean main) {
    }
}
