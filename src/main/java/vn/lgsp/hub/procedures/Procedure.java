package vn.lgsp.hub.procedures;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import vn.lgsp.hub.sources.lookup.SubjectKind;

/**
 * What one national procedure (thủ tục hành chính, by its national code) needs from the national
 * databases to pre-fill its form: for each source, the dossier's subject it is asked about and the
 * canonical fields the form uses (the answer is minimised to them).
 *
 * @param name what the procedure is called, for administrators; may be null
 * @param sources by source name, in the order given
 */
public record Procedure(String code, String name, Map<String, Need> sources) {

    public Procedure {
        sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
    }

    /** One source a procedure needs: the subject it is asked about and the fields the form uses. */
    public record Need(SubjectKind subject, List<String> fields) {

        public Need {
            fields = List.copyOf(fields);
        }
    }
}
