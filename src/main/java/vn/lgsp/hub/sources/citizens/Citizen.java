package vn.lgsp.hub.sources.citizens;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import vn.lgsp.hub.sources.lookup.Address;

/**
 * The canonical citizen (docs/api.md §2), whatever shape the population database answered in. A coded
 * value comes with its code ({@code ethnicityCode} beside {@code ethnicity}); the name is the hub's
 * catalogue's, null for a code the catalogue does not list. {@code dateOfBirth} is null when the
 * database holds the birth year only.
 */
public record Citizen(String personalId, String fullName, LocalDate dateOfBirth, Integer birthYear, Gender gender,
                      String nationality, String ethnicity, String ethnicityCode, String religion, String religionCode,
                      String maritalStatus, String maritalStatusCode, Address placeOfOrigin,
                      Address permanentAddress, Address currentAddress, HouseholdHead householdHead,
                      Relative father, Relative mother, Relative spouse, OffsetDateTime retrievedAt) {

    public enum Gender { MALE, FEMALE }

    public record HouseholdHead(String personalId, String fullName, String relationship, String relationshipCode) {
    }

    public record Relative(String personalId, String fullName) {
    }
}
