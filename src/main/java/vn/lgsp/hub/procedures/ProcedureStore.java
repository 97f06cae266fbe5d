package vn.lgsp.hub.procedures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code procedure_catalogue} table: the entries administrators stored, each replacing the shipped
 * entry of its code (or adding one) on every hub instance sharing the database.
 */
@Component
class ProcedureStore {

    private static final String COLUMNS = "code, name, sources, version, updated_at, updated_by";
    private static final TypeReference<LinkedHashMap<String, Procedure.Need>> SOURCES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ProcedureStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Each stored entry's stamp: what the periodic comparison reads. */
    Map<String, StoredProcedure.Stamp> stamps() {
        Map<String, StoredProcedure.Stamp> stamps = new HashMap<>();
        jdbc.query("SELECT code, version, updated_at, updated_by FROM procedure_catalogue", rs -> {
            stamps.put(rs.getString(1), new StoredProcedure.Stamp(rs.getLong(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4)));
        });
        return stamps;
    }

    Optional<StoredProcedure> find(String code) {
        return jdbc.query("SELECT " + COLUMNS + " FROM procedure_catalogue WHERE code = ?", (rs, n) -> read(rs), code)
                .stream().findFirst();
    }

    /** The stored entry, locked until the end of the current transaction. */
    Optional<StoredProcedure> findForUpdate(String code) {
        return jdbc.query("SELECT " + COLUMNS + " FROM procedure_catalogue WHERE code = ? FOR UPDATE",
                (rs, n) -> read(rs), code).stream().findFirst();
    }

    /** Stores an entry, replacing one stored before (in the transaction that read it for update); its new version. */
    long save(Procedure procedure, boolean exists, String actor, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        if (exists) {
            jdbc.update("UPDATE procedure_catalogue SET name = ?, sources = ?, version = version + 1, updated_at = ?, "
                    + "updated_by = ? WHERE code = ?", procedure.name(), write(procedure.sources()), when, actor,
                    procedure.code());
        } else {
            jdbc.update("INSERT INTO procedure_catalogue (" + COLUMNS + ") VALUES (?, ?, ?, 1, ?, ?)",
                    procedure.code(), procedure.name(), write(procedure.sources()), when, actor);
        }
        Long version = jdbc.queryForObject("SELECT version FROM procedure_catalogue WHERE code = ?", Long.class,
                procedure.code());
        return version == null ? 0 : version;
    }

    void delete(String code) {
        jdbc.update("DELETE FROM procedure_catalogue WHERE code = ?", code);
    }

    void deleteAll() {
        jdbc.update("DELETE FROM procedure_catalogue");
    }

    /** The codes of every stored entry. */
    List<String> codes() {
        return jdbc.queryForList("SELECT code FROM procedure_catalogue", String.class);
    }

    private StoredProcedure read(ResultSet rs) throws SQLException {
        Procedure procedure = new Procedure(rs.getString(1), rs.getString(2), readSources(rs.getString(3)));
        return new StoredProcedure(procedure, new StoredProcedure.Stamp(rs.getLong(4),
                rs.getObject(5, OffsetDateTime.class).toInstant(), rs.getString(6)));
    }

    String write(Map<String, Procedure.Need> sources) {
        try {
            return json.writeValueAsString(sources);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A procedure's sources are plain records and always serialise", e);
        }
    }

    private Map<String, Procedure.Need> readSources(String stored) {
        try {
            return json.readValue(stored, SOURCES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("procedure_catalogue.sources holds a JSON object written by the hub", e);
        }
    }
}
