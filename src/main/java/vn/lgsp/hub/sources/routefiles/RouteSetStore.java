package vn.lgsp.hub.sources.routefiles;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The {@code route_set} table: the generations of the cluster's route set, the latest in force. */
@Component
class RouteSetStore {

    private static final TypeReference<TreeMap<String, String>> FILES = new TypeReference<>() {
    };
    private static final TypeReference<TreeSet<String>> ROUTES = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    RouteSetStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** The latest generation's number, 0 when none is stored: one indexed read, for the periodic comparison. */
    long latestGeneration() {
        Long latest = jdbc.queryForObject("SELECT MAX(generation) FROM route_set", Long.class);
        return latest == null ? 0 : latest;
    }

    /** The generation in force, if an administrator ever changed the route set. */
    Optional<RouteSet> latest() {
        return jdbc.query("SELECT generation, files, digest, files_generation, stopped_routes, changed_at, changed_by "
                        + "FROM route_set ORDER BY generation DESC FETCH FIRST 1 ROWS ONLY", (rs, n) -> read(rs))
                .stream().findFirst();
    }

    /**
     * Stores a new generation; a {@code DuplicateKeyException} when another instance stored the same
     * generation first (read the latest again and retry).
     */
    void insert(RouteSet set) {
        jdbc.update("INSERT INTO route_set (generation, files, digest, files_generation, stopped_routes, changed_at, "
                        + "changed_by) VALUES (?, ?, ?, ?, ?, ?, ?)", set.generation(), write(set.files()),
                set.digest(), set.filesGeneration(), write(set.stoppedRoutes()),
                OffsetDateTime.ofInstant(set.changedAt(), ZoneOffset.UTC), set.changedBy());
    }

    private RouteSet read(ResultSet rs) throws SQLException {
        try {
            return new RouteSet(rs.getLong(1), json.readValue(rs.getString(2), FILES), rs.getString(3), rs.getLong(4),
                    json.readValue(rs.getString(5), ROUTES), rs.getObject(6, OffsetDateTime.class).toInstant(),
                    rs.getString(7));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("route_set holds JSON written by the hub", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Strings always serialise", e);
        }
    }
}
