package vn.lgsp.hub.sources.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The {@code source_settings} table: the settings administrators gave a source, which override its
 * {@code hub.sources.<name>.*} configuration on every hub instance sharing the database, or which
 * are all there is of a source an administrator created.
 */
@Component
public class SourceSettingsStore {

    private static final String COLUMNS = "source, base_url, timeout_ms, connect_timeout_ms, enabled, reuse_mode, "
            + "reuse_ttl_seconds, cb_failure_rate_threshold, cb_sliding_window_size, cb_minimum_number_of_calls, "
            + "cb_wait_in_open_state_ms, cb_permitted_calls_in_half_open, subject_pattern, canonical_fields";
    private static final TypeReference<LinkedHashMap<String, String>> FIELDS = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    SourceSettingsStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Map<String, SourceSettings> all() {
        Map<String, SourceSettings> all = new LinkedHashMap<>();
        jdbc.query("SELECT " + COLUMNS + " FROM source_settings", rs -> {
            SourceSettings settings = read(rs);
            all.put(settings.source(), settings);
        });
        return all;
    }

    public Optional<SourceSettings> find(String source) {
        return first(jdbc.query("SELECT " + COLUMNS + " FROM source_settings WHERE source = ?",
                (rs, n) -> read(rs), source));
    }

    /** The stored settings of a source, locked until the end of the current transaction. */
    Optional<SourceSettings> findForUpdate(String source) {
        return first(jdbc.query("SELECT " + COLUMNS + " FROM source_settings WHERE source = ? FOR UPDATE",
                (rs, n) -> read(rs), source));
    }

    /**
     * Stores a source's settings, replacing any stored before (call within the transaction that read
     * them with {@link #findForUpdate}); returns the row's new version.
     */
    long save(SourceSettings s, boolean exists, String actor, Instant at) {
        SourceSettings.CircuitSettings cb = s.circuitBreaker();
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        if (exists) {
            jdbc.update("UPDATE source_settings SET base_url = ?, timeout_ms = ?, connect_timeout_ms = ?, enabled = ?, "
                            + "reuse_mode = ?, reuse_ttl_seconds = ?, cb_failure_rate_threshold = ?, "
                            + "cb_sliding_window_size = ?, cb_minimum_number_of_calls = ?, cb_wait_in_open_state_ms = ?, "
                            + "cb_permitted_calls_in_half_open = ?, subject_pattern = ?, canonical_fields = ?, "
                            + "version = version + 1, updated_at = ?, updated_by = ? WHERE source = ?",
                    s.baseUrl(), s.timeoutMs(), s.connectTimeoutMs(), s.enabled(), s.reuseMode(), s.reuseTtlSeconds(),
                    cb.failureRateThreshold(), cb.slidingWindowSize(), cb.minimumNumberOfCalls(), cb.waitInOpenStateMs(),
                    cb.permittedCallsInHalfOpenState(), s.subjectPattern(), write(s.fields()), when, actor, s.source());
        } else {
            jdbc.update("INSERT INTO source_settings (" + COLUMNS + ", version, updated_at, updated_by) "
                            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
                    s.source(), s.baseUrl(), s.timeoutMs(), s.connectTimeoutMs(), s.enabled(), s.reuseMode(),
                    s.reuseTtlSeconds(), cb.failureRateThreshold(), cb.slidingWindowSize(), cb.minimumNumberOfCalls(),
                    cb.waitInOpenStateMs(), cb.permittedCallsInHalfOpenState(), s.subjectPattern(), write(s.fields()),
                    when, actor);
        }
        Long version = jdbc.queryForObject("SELECT version FROM source_settings WHERE source = ?", Long.class,
                s.source());
        return version == null ? 0 : version;
    }

    /** Drops a source's stored settings: it runs with its configuration again once refreshed. */
    void delete(String source) {
        jdbc.update("DELETE FROM source_settings WHERE source = ?", source);
    }

    /** Drops every stored setting: each source runs with its configuration again once refreshed. */
    public void deleteAll() {
        jdbc.update("DELETE FROM source_settings");
    }

    private SourceSettings read(ResultSet rs) throws SQLException {
        return new SourceSettings(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getBoolean(5),
                rs.getString(6), rs.getLong(7),
                new SourceSettings.CircuitSettings(rs.getFloat(8), rs.getInt(9), rs.getInt(10), rs.getLong(11),
                        rs.getInt(12)),
                rs.getString(13), readFields(rs.getString(14)));
    }

    /** The canonical fields as stored: a JSON object, or null when the source maps none. */
    private String write(Map<String, String> fields) {
        if (fields == null || fields.isEmpty()) {
            return null;
        }
        try {
            return json.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A map of strings always serialises", e);
        }
    }

    private Map<String, String> readFields(String stored) {
        if (stored == null) {
            return Map.of();
        }
        try {
            return json.readValue(stored, FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("source_settings.canonical_fields holds a JSON object written by the hub", e);
        }
    }

    private static <T> Optional<T> first(List<T> rows) {
        return rows.stream().findFirst();
    }
}
