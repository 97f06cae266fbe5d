package vn.lgsp.hub.catalogues;

import java.time.OffsetDateTime;
import java.util.List;
import vn.lgsp.hub.common.BusinessTime;

/**
 * A catalogue as this hub instance uses it (docs/api.md §6), with where it comes from.
 *
 * @param stored    whether an administrator's catalogue replaces the shipped one
 * @param version   the stored catalogue's version, 0 for the shipped one
 * @param updatedAt when the stored catalogue was stored, null for the shipped one
 * @param updatedBy the administrator who stored it, null for the shipped one
 */
public record CatalogueView(String name, String description, String source, boolean numericCodes, boolean stored,
                            long version, OffsetDateTime updatedAt, String updatedBy, List<Catalogue.Entry> entries) {

    static CatalogueView of(Catalogue catalogue, StoredCatalogue.Stamp stamp) {
        return new CatalogueView(catalogue.name(), catalogue.description(), catalogue.source(),
                catalogue.numericCodes(), stamp != null, stamp == null ? 0 : stamp.version(), at(stamp),
                stamp == null ? null : stamp.updatedBy(), catalogue.entries());
    }

    static OffsetDateTime at(StoredCatalogue.Stamp stamp) {
        return stamp == null ? null : stamp.updatedAt().atZone(BusinessTime.ZONE).toOffsetDateTime();
    }

    /** One catalogue of the list: its entries counted, not listed. */
    public record Summary(String name, String description, String source, boolean numericCodes, int entryCount,
                          boolean stored, long version, OffsetDateTime updatedAt, String updatedBy) {

        static Summary of(Catalogue catalogue, StoredCatalogue.Stamp stamp) {
            return new Summary(catalogue.name(), catalogue.description(), catalogue.source(),
                    catalogue.numericCodes(), catalogue.entries().size(), stamp != null,
                    stamp == null ? 0 : stamp.version(), at(stamp), stamp == null ? null : stamp.updatedBy());
        }
    }
}
