package vn.lgsp.hub.sources.land;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The canonical land parcel (docs/api.md §2), from the land database. {@code landUse} is the main
 * purpose; {@code landUseCodes} every purpose of the parcel, the main one first.
 */
public record LandParcel(String communeCode, int mapSheet, int parcelNumber, BigDecimal areaM2, String landUse,
                         String landUseName, List<String> landUseCodes, String address, String certificateNumber,
                         List<Holder> holders, List<Encumbrance> encumbrances, OffsetDateTime retrievedAt) {

    /** A land user: a person with their personal ID, or an organisation or community ({@code personalId} null). */
    public record Holder(String fullName, String personalId) {
    }

    /**
     * What burdens the parcel now: a mortgage in force ({@code THE_CHAP}) or a restriction of rights
     * ({@code HAN_CHE_QUYEN}).
     */
    public record Encumbrance(String type, String description, LocalDate registeredOn) {

        public static final String MORTGAGE = "THE_CHAP";
        public static final String RESTRICTION = "HAN_CHE_QUYEN";
    }
}
