package vn.lgsp.hub.sources.lookup;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.settings.SourceSettings;

/**
 * Maps the JSON answer of a source that has no Java mapper to its canonical JSON, as its settings
 * say: each canonical field ({@code hub.sources.<name>.fields}, or {@code fields} of
 * {@code PUT /api/v1/admin/sources/{source}}) is the value at a JSON pointer into the answer, null
 * when absent; {@code retrievedAt} is added. An answer holding none of the fields is unusable
 * ({@code source.bad_response}). Referenced from a route file as {@code mapper: jsonMapper}.
 */
@Component(JsonFieldMapper.BEAN)
public class JsonFieldMapper {

    public static final String BEAN = "jsonMapper";

    private final Sources sources;
    private final UpstreamFormats formats;
    private final Clock clock;

    JsonFieldMapper(Sources sources, UpstreamFormats formats, Clock clock) {
        this.sources = sources;
        this.formats = formats;
        this.clock = clock;
    }

    public Map<String, Object> map(Exchange exchange) {
        String source = Lookup.of(exchange).source();
        Map<String, String> fields = sources.settings(source).fields();
        if (fields.isEmpty()) {
            throw new HubException(ErrorCode.SOURCE_UNAVAILABLE, "The " + source + " source has no canonical fields");
        }
        JsonNode answer = formats.readJson(exchange);
        Map<String, Object> canonical = new LinkedHashMap<>();
        boolean found = false;
        for (Map.Entry<String, String> field : fields.entrySet()) {
            JsonNode value = answer.at(JsonPointer.compile(field.getValue()));
            if (value.isMissingNode() || value.isNull()) {
                canonical.put(field.getKey(), null);
            } else {
                canonical.put(field.getKey(), value);
                found = true;
            }
        }
        if (!found) {
            throw UpstreamResponses.unparseable(source);
        }
        canonical.put(SourceSettings.RETRIEVED_AT, OffsetDateTime.now(clock));
        return canonical;
    }

    /** Refuses a route that maps a source with this bean while the source lists no canonical fields. */
    public void requireFields(String source) {
        if (sources.settings(source).fields().isEmpty()) {
            throw new IllegalArgumentException("mapper " + BEAN + " needs the source's canonical fields: set fields "
                    + "with PUT /api/v1/admin/sources/" + source + " (or hub.sources." + source + ".fields)");
        }
    }
}
