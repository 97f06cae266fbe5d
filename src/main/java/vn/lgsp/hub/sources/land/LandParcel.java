package vn.lgsp.hub.sources.land;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/** The canonical land parcel (docs/api.md §2), from the land database. */
public record LandParcel(String communeCode, int mapSheet, int parcelNumber, BigDecimal areaM2, String landUse,
                         String landUseName, String address, String certificateNumber, List<Holder> holders,
                         List<Encumbrance> encumbrances, OffsetDateTime retrievedAt) {

    public record Holder(String fullName, String personalId) {
    }

    /** A registered restriction on the parcel, e.g. a mortgage ({@code THE_CHAP}). */
    public record Encumbrance(String type, String description, LocalDate registeredOn) {
    }
}
