package vn.lgsp.hub.catalogues;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code catalogue} table: the catalogues administrators stored, each replacing the shipped one
 * of its name on every hub instance sharing the database.
 */
@Component
class CatalogueStore {

    private static final String COLUMNS = "name, description, source, numeric_codes, entries, version, updated_at, "
            + "updated_by";
    private static final TypeReference<List<Catalogue.Entry>> ENTRIES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    CatalogueStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Each stored catalogue's stamp, without its entries: what the periodic comparison reads. */
    Map<String, StoredCatalogue.Stamp> stamps() {
        Map<String, StoredCatalogue.Stamp> stamps = new HashMap<>();
        jdbc.query("SELECT name, version, updated_at, updated_by FROM catalogue",
                rs -> {
                    stamps.put(rs.getString(1), new StoredCatalogue.Stamp(rs.getLong(2),
                            rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
                });
        return stamps;
    }

    Optional<StoredCatalogue> find(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM catalogue WHERE name = ?", (rs, n) -> read(rs), name)
                .stream().findFirst();
    }

    /** The stored catalogue, locked until the end of the current transaction. */
    Optional<StoredCatalogue> findForUpdate(String name) {
        return jdbc.query("SELECT " + COLUMNS + " FROM catalogue WHERE name = ? FOR UPDATE", (rs, n) -> read(rs),
                name).stream().findFirst();
    }

    /**
     * Stores a catalogue, replacing any stored before (call within the transaction that read it with
     * {@link #findForUpdate}); returns the row's new version.
     */
    long save(Catalogue c, boolean exists, String actor, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        if (exists) {
            jdbc.update("UPDATE catalogue SET description = ?, source = ?, numeric_codes = ?, entries = ?, "
                            + "version = version + 1, updated_at = ?, updated_by = ? WHERE name = ?",
                    c.description(), c.source(), c.numericCodes(), write(c.entries()), when, actor, c.name());
        } else {
            jdbc.update("INSERT INTO catalogue (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, 1, ?, ?)",
                    c.name(), c.description(), c.source(), c.numericCodes(), write(c.entries()), when, actor);
        }
        Long version = jdbc.queryForObject("SELECT version FROM catalogue WHERE name = ?", Long.class, c.name());
        return version == null ? 0 : version;
    }

    /** Drops a stored catalogue: the shipped one is used again once refreshed. */
    void delete(String name) {
        jdbc.update("DELETE FROM catalogue WHERE name = ?", name);
    }

    /** Drops every stored catalogue: the shipped ones are used again once refreshed. */
    void deleteAll() {
        jdbc.update("DELETE FROM catalogue");
    }

    private StoredCatalogue read(ResultSet rs) throws SQLException {
        Catalogue catalogue = new Catalogue(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                readEntries(rs.getString(5)));
        return new StoredCatalogue(catalogue, new StoredCatalogue.Stamp(rs.getLong(6),
                rs.getObject(7, OffsetDateTime.class).toInstant(), rs.getString(8)));
    }

    private String write(List<Catalogue.Entry> entries) {
        try {
            return json.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Catalogue entries are plain records and always serialise", e);
        }
    }

    private List<Catalogue.Entry> readEntries(String stored) {
        try {
            return json.readValue(stored, ENTRIES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("catalogue.entries holds a JSON array written by the hub", e);
        }
    }
}
