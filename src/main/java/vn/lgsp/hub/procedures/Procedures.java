package vn.lgsp.hub.procedures;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.Codes;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.messaging.SharedChanges;
import vn.lgsp.hub.sources.lookup.CanonicalFields;
import vn.lgsp.hub.sources.lookup.SubjectKind;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.Subjects;

/**
 * The procedure catalogue (docs/api.md §6): for each national procedure code, the sources pre-fill asks and
 * what of each. The shipped entries ({@code hub.procedures.shipped}) are used until an administrator stores
 * one of the same code; a stored entry may also add a code. A change is validated against the sources the
 * hub has (an unknown source, a subject the source is not asked about, a field its answer does not have:
 * each refused, named), stored with its audit event (the entry before and after) in one transaction, applied
 * here from the database, then announced on the topic so every instance sharing the database applies it.
 */
@Component
public class Procedures {

    /** The announcement's JMS properties: the changed code, and the stored version (0: deleted; for the logs). */
    static final String CODE_HEADER = "hubProcedure";
    static final String VERSION_HEADER = "hubProcedureVersion";
    static final String CHANGE = "procedure.change";
    static final String DELETE = "procedure.delete";
    static final int MAX_SOURCES = 10;
    static final int MAX_FIELDS = 50;
    static final int MAX_NAME = 200;
    /** The audit trail keeps at most 4000 characters of each side. */
    private static final int MAX_AUDIT_CHARS = 3900;

    private final Sources sources;
    private final Subjects subjects;
    private final ProcedureStore store;
    private final ProcedureProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final SharedChanges changes;
    private final ObjectMapper json;
    private final Clock clock;
    private final Map<String, Procedure> shipped;
    /** The entries in use, by code: read on every pre-fill, replaced whole per code. */
    private final Map<String, Procedure> current = new ConcurrentHashMap<>();
    /** The stored entry this instance applied last, per code (none: the shipped one, or no entry). */
    private final Map<String, StoredProcedure.Stamp> applied = new HashMap<>();

    Procedures(Sources sources, Subjects subjects, ProcedureStore store, ProcedureProperties properties,
               AuditLog audit, TransactionTemplate tx, SharedChanges changes, ObjectMapper json, Clock clock,
               ResourceLoader resources) {
        this.sources = sources;
        this.subjects = subjects;
        this.store = store;
        this.properties = properties;
        this.audit = audit;
        this.tx = tx;
        this.changes = changes;
        this.json = json;
        this.clock = clock;
        this.shipped = Collections.unmodifiableMap(readShipped(resources));
        current.putAll(shipped);
        refreshChanged();
    }

    /** The entry pre-fill uses for a procedure code, if the catalogue has one. */
    public Optional<Procedure> find(String code) {
        return Optional.ofNullable(code == null ? null : current.get(code));
    }

    /** Every entry as this instance uses it, by code. */
    public synchronized List<ProcedureView> list() {
        return new TreeMap<>(current).values().stream().map(p -> ProcedureView.of(p, applied.get(p.code()))).toList();
    }

    /** One entry as this instance uses it; 404 {@code client.not_found} for a code the catalogue does not have. */
    public synchronized ProcedureView get(String code) {
        Procedure procedure = current.get(requireCode(code));
        if (procedure == null) {
            throw new HubException(ErrorCode.NOT_FOUND, "The procedure catalogue has no entry for this code");
        }
        return ProcedureView.of(procedure, applied.get(code));
    }

    /**
     * Validates, stores (audited), applies and announces a procedure's entry; returns it as now used. An
     * invalid entry is refused with every broken rule named, and audited as refused.
     */
    public ProcedureView change(String code, ProcedureChange requested, String actor) {
        requireCode(code);
        String target = "procedure " + code;
        List<FieldProblem> problems = problems(code, requested);
        if (!problems.isEmpty()) {
            audit.record(actor, CHANGE, target, ErrorCode.INVALID_REQUEST.code(), "invalid: "
                    + problems.stream().map(FieldProblem::field).distinct().limit(20).collect(Collectors.joining(", ")));
            throw new HubException(ErrorCode.INVALID_REQUEST, "The procedure entry is invalid: "
                    + problems.get(0).field() + " " + problems.get(0).message(), problems);
        }
        Procedure wanted = entry(code, requested);
        long version;
        try {
            version = tx.execute(status -> {
                Optional<StoredProcedure> stored = store.findForUpdate(code);
                Procedure before = stored.map(StoredProcedure::procedure).orElse(shipped.get(code));
                long saved = store.save(wanted, stored.isPresent(), actor, clock.instant());
                audit.record(actor, CHANGE, target, "done", "version " + saved + ", " + wanted.sources().size()
                        + " sources", side(before, stored.map(s -> s.stamp().version()).orElse(0L)), side(wanted, saved));
                return saved;
            });
        } catch (DuplicateKeyException concurrent) {
            throw new HubException(ErrorCode.CONFLICT, "The procedure entry was changed at the same time; read it and retry");
        }
        refresh(code);
        announce(code, version);
        return get(code);
    }

    /**
     * Drops the entry administrators stored (audited, announced): a shipped entry of the code is used again,
     * and is what this answers; without one the code leaves the catalogue, and this answers the entry it had
     * ({@code origin: removed}). A code that is neither stored nor shipped is 404.
     */
    public ProcedureView delete(String code, String actor) {
        requireCode(code);
        Optional<StoredProcedure> removed = tx.execute(status -> {
            Optional<StoredProcedure> stored = store.findForUpdate(code);
            stored.ifPresent(before -> {
                store.delete(code);
                Procedure after = shipped.get(code);
                audit.record(actor, DELETE, "procedure " + code, "done", after == null ? "removed" : "shipped entry",
                        side(before.procedure(), before.stamp().version()), after == null ? null : side(after, 0));
            });
            return stored;
        });
        if (removed == null || removed.isEmpty()) {
            if (!shipped.containsKey(code)) {
                throw new HubException(ErrorCode.NOT_FOUND, "The procedure catalogue has no entry for this code");
            }
            return get(code);
        }
        refresh(code);
        announce(code, 0);
        if (shipped.containsKey(code)) {
            return get(code);
        }
        StoredProcedure before = removed.get();
        return new ProcedureView(code, before.procedure().name(), before.procedure().sources(), ProcedureView.REMOVED,
                before.stamp().version(), before.stamp().at(), before.stamp().by());
    }

    /** Re-reads one entry from the database and uses it, or the shipped one, or none: on an announcement. */
    public synchronized void refresh(String code) {
        if (code == null || !Codes.isProcedureCode(code)) {
            return;
        }
        apply(code, store.find(code).orElse(null));
    }

    /** Re-reads the entries whose stored version differs from the one this instance applied. */
    public synchronized void refreshChanged() {
        Map<String, StoredProcedure.Stamp> stamps = store.stamps();
        Set<String> codes = new HashSet<>(stamps.keySet());
        codes.addAll(applied.keySet());
        for (String code : codes) {
            if (!Objects.equals(stamps.get(code), applied.get(code))) {
                refresh(code);
            }
        }
    }

    /** Drops every stored entry: the shipped ones are used again (in this instance; for the tests). */
    public synchronized void restoreShipped() {
        store.deleteAll();
        applied.clear();
        current.clear();
        current.putAll(shipped);
    }

    private void apply(String code, StoredProcedure stored) {
        if (stored == null) {
            applied.remove(code);
            Procedure fallback = shipped.get(code);
            if (fallback == null) {
                current.remove(code);
            } else {
                current.put(code, fallback);
            }
        } else {
            current.put(code, stored.procedure());
            applied.put(code, stored.stamp());
        }
    }

    private void announce(String code, long version) {
        changes.announce(properties.topic(), code, Map.of(CODE_HEADER, code, VERSION_HEADER, version));
    }

    private static String requireCode(String code) {
        if (!Codes.isProcedureCode(code)) {
            throw HubException.invalid(ErrorCode.INVALID_REQUEST, "code", Codes.PROCEDURE_CODE_RULE);
        }
        return code;
    }

    /** Every rule the entry breaks, naming the field (a source by its name, a field by its index), never quoting a value. */
    List<FieldProblem> problems(String code, ProcedureChange change) {
        List<FieldProblem> problems = new ArrayList<>();
        if (change.code() != null && !change.code().equals(code)) {
            problems.add(new FieldProblem("code", "must be left out or be the procedure code in the path"));
        }
        if (change.name() != null && !validText(change.name())) {
            problems.add(new FieldProblem("name", "must be left out or be 1-" + MAX_NAME
                    + " characters, not only spaces, without control characters"));
        }
        if (change.sources() == null || change.sources().isEmpty() || change.sources().size() > MAX_SOURCES) {
            problems.add(new FieldProblem("sources", "must name 1-" + MAX_SOURCES
                    + " sources, each with its subject and fields"));
            return problems;
        }
        change.sources().forEach((source, need) -> {
            String field = "sources." + source;
            if (!sources.exists(source)) {
                problems.add(new FieldProblem(field, "is not a source of the hub (GET /api/v1/admin/sources lists them)"));
                return;
            }
            if (need == null) {
                problems.add(new FieldProblem(field, "must be an object with a subject and fields"));
                return;
            }
            Optional<SubjectKind> kind = SubjectKind.ofField(need.subject());
            Optional<SubjectKind> asked = subjects.kind(source);
            if (kind.isEmpty()) {
                problems.add(new FieldProblem(field + ".subject", "must be personalId, enterpriseCode or landParcel"));
            } else if (asked.isPresent() && asked.get() != kind.get()) {
                problems.add(new FieldProblem(field + ".subject", "must be " + asked.get().field()
                        + ": the " + source + " source is asked about that subject"));
            }
            List<String> fields = need.fields();
            if (fields == null || fields.isEmpty() || fields.size() > MAX_FIELDS) {
                problems.add(new FieldProblem(field + ".fields", "must list 1-" + MAX_FIELDS
                        + " canonical fields the form needs"));
                return;
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < fields.size(); i++) {
                String path = fields.get(i);
                String at = field + ".fields[" + i + "]";
                if (path == null || !CanonicalFields.PATH.matcher(path).matches()) {
                    problems.add(new FieldProblem(at, "must be a field path such as permanentAddress.provinceCode"));
                } else if (!subjects.answersField(source, path)) {
                    problems.add(new FieldProblem(at, "is not a field of the " + source + " source's answer"));
                } else if (!seen.add(path)) {
                    problems.add(new FieldProblem(at, "repeats a field listed before"));
                }
            }
        });
        return problems;
    }

    /** The entry a valid change makes. */
    private static Procedure entry(String code, ProcedureChange change) {
        Map<String, Procedure.Need> needs = new LinkedHashMap<>();
        change.sources().forEach((source, need) -> needs.put(source, new Procedure.Need(
                SubjectKind.ofField(need.subject()).orElseThrow(), need.fields())));
        return new Procedure(code, change.name() == null ? null : change.name().strip(), needs);
    }

    private static boolean validText(String value) {
        return !value.isBlank() && value.codePointCount(0, value.length()) <= MAX_NAME
                && value.codePoints().noneMatch(Character::isISOControl);
    }

    /** The audit trail's side of an entry: its JSON with its version, or only its sources' field counts if longer. */
    private String side(Procedure procedure, long version) {
        if (procedure == null) {
            return null;
        }
        ObjectNode side = json.createObjectNode().put("version", version);
        side.put("name", procedure.name());
        side.set("sources", json.valueToTree(procedure.sources()));
        String whole = side.toString();
        if (whole.length() <= MAX_AUDIT_CHARS) {
            return whole;
        }
        ObjectNode counts = side.putObject("sources");
        procedure.sources().forEach((source, need) -> counts.putObject(source).put("subject", need.subject().field())
                .put("fieldCount", need.fields().size()));
        return side.toString();
    }

    /**
     * The shipped catalogue: {@code {"procedures": [{"code", "name", "sources"}]}}, each entry checked as an
     * administrator's change is; a wrong one stops the start, naming it.
     */
    private Map<String, Procedure> readShipped(ResourceLoader resources) {
        Map<String, Procedure> entries = new TreeMap<>();
        String location = properties.shipped();
        if (location == null || location.isBlank()) {
            return entries;
        }
        Resource resource = resources.getResource(location.strip());
        JsonNode document;
        try (InputStream in = resource.getInputStream()) {
            document = json.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("hub.procedures.shipped cannot be read: " + location, e);
        }
        JsonNode list = document.path("procedures");
        if (!list.isArray()) {
            throw new IllegalStateException("hub.procedures.shipped has no \"procedures\" list: " + location);
        }
        for (JsonNode node : list) {
            ProcedureChange change;
            try {
                change = json.treeToValue(node, ProcedureChange.class);
            } catch (IOException e) {
                throw new IllegalStateException("hub.procedures.shipped has an unreadable entry: " + location, e);
            }
            String code = change.code();
            List<FieldProblem> problems = Codes.isProcedureCode(code) ? problems(code, change)
                    : List.of(new FieldProblem("code", Codes.PROCEDURE_CODE_RULE));
            if (!problems.isEmpty() || entries.containsKey(code)) {
                throw new IllegalStateException("hub.procedures.shipped entry " + code + " is invalid: "
                        + (problems.isEmpty() ? "its code is listed twice" : problems.stream()
                        .map(p -> p.field() + " " + p.message()).collect(Collectors.joining("; "))));
            }
            entries.put(code, entry(code, change));
        }
        return entries;
    }

    /** The codes of the shipped entries (for the tests and the docs). */
    public Set<String> shippedCodes() {
        return new TreeSet<>(shipped.keySet());
    }
}
