package vn.lgsp.hub.catalogues;

import java.time.Instant;

/**
 * A catalogue an administrator stored, which replaces the shipped one of its name.
 *
 * @param catalogue the catalogue as stored
 * @param stamp     its version and when and by whom it was stored
 */
record StoredCatalogue(Catalogue catalogue, Stamp stamp) {

    /** What tells one stored change from another: the version alone repeats once a row is dropped and stored again. */
    record Stamp(long version, Instant updatedAt, String updatedBy) {
    }
}
