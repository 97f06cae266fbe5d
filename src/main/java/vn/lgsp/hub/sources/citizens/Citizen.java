package vn.lgsp.hub.sources.citizens;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import vn.lgsp.hub.sources.Address;

/** The canonical citizen (docs/api.md §2), whatever shape the population database answered in. */
public record Citizen(String personalId, String fullName, LocalDate dateOfBirth, Gender gender, String nationality,
                      String ethnicity, String religion, String maritalStatus, Address placeOfOrigin,
                      Address permanentAddress, Address currentAddress, HouseholdHead householdHead,
                      Relative father, Relative mother, Relative spouse, OffsetDateTime retrievedAt) {

    public enum Gender { MALE, FEMALE }

    public record HouseholdHead(String personalId, String fullName, String relationship) {
    }

    public record Relative(String personalId, String fullName) {
    }
}
