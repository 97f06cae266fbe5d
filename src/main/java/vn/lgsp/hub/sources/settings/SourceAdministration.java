package vn.lgsp.hub.sources.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.messaging.SharedChanges;
import vn.lgsp.hub.sources.lookup.SourceRoutes;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.routefiles.RouteFiles;

/**
 * Live source settings (docs/api.md §6): read, and changed by an administrator. A change is validated,
 * stored with its audit event (settings before and after) in one transaction, applied here from
 * the database, then announced on the topic so every instance sharing the database applies it.
 *
 * <p>Settings for a name the hub does not know create that source (routes/README.md, "Adding a
 * national database"); dropping them deletes it again, once its route file is no longer loaded.
 */
@Component
public class SourceAdministration {

    /** The announcement's JMS properties: the changed source, and the stored version (0: reset; for the logs). */
    static final String SOURCE_HEADER = "hubSource";
    static final String VERSION_HEADER = "hubSettingsVersion";
    static final String CHANGE = "source.change";
    static final String RESET = "source.reset";
    static final String CREATE = "source.create";
    static final String DELETE = "source.delete";
    /** Grants that are not lookup sources: a source of that name would mix its lookups with theirs. */
    private static final Set<String> RESERVED = Set.of("criminal-records");

    private final Sources sources;
    private final SourceProperties configured;
    private final SourceSettingsStore store;
    private final SourceSettingsProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final SharedChanges changes;
    private final ObjectMapper json;
    private final Clock clock;
    private final RouteFiles routeFiles;

    SourceAdministration(Sources sources, SourceProperties configured, SourceSettingsStore store,
                         SourceSettingsProperties properties, AuditLog audit, TransactionTemplate tx,
                         SharedChanges changes, ObjectMapper json, Clock clock, RouteFiles routeFiles) {
        this.routeFiles = routeFiles;
        this.sources = sources;
        this.configured = configured;
        this.store = store;
        this.properties = properties;
        this.audit = audit;
        this.tx = tx;
        this.changes = changes;
        this.json = json;
        this.clock = clock;
    }

    /** Every source's settings as this instance runs them. */
    public List<SourceSettings> list() {
        return sources.names().stream().map(name -> SourceSettings.of(name, sources.settings(name))).toList();
    }

    /** One source's settings as this instance runs them; 404 {@code client.not_found} for an unknown source. */
    public SourceSettings get(String name) {
        return SourceSettings.of(name, known(name));
    }

    /**
     * Validates, stores (audited), applies and announces a source's new settings; returns them as
     * now applied. Settings for a name the hub does not know create the source. An invalid change
     * is refused with every broken rule named, and audited as refused.
     */
    public SourceSettings change(String name, SourceSettings requested, String actor) {
        boolean creating = !sources.exists(name);
        // an administrator's name is recorded only when it could be a source's: no raw input in the trail or log
        String target = "source " + (name != null && Sources.NAME.matcher(name).matches() ? name : "?");
        List<FieldProblem> problems = new ArrayList<>();
        if (creating && (name == null || !Sources.NAME.matcher(name).matches())) {
            problems.add(new FieldProblem("source", "a new source's name is 2-32 characters of a-z, 0-9 and '-', "
                    + "starting with a letter"));
        } else if (creating && RESERVED.contains(name)) {
            problems.add(new FieldProblem("source", "is reserved for another kind of request"));
        }
        if (requested.source() != null && !requested.source().equals(name)) {
            problems.add(new FieldProblem("source", "must be left out or be the source named in the path"));
        }
        SourceSettings wanted = requested.named(name);
        problems.addAll(wanted.problems(sources.subjectsParsedByHub(name)));
        String action = creating ? CREATE : CHANGE;
        if (!problems.isEmpty()) {
            audit.record(actor, action, target, ErrorCode.INVALID_REQUEST.code(), "invalid: "
                    + problems.stream().map(FieldProblem::field).distinct().collect(Collectors.joining(", ")));
            throw new HubException(ErrorCode.INVALID_REQUEST, "The source settings are invalid: "
                    + problems.get(0).field() + " " + problems.get(0).message(), problems);
        }
        long version;
        try {
            version = tx.execute(status -> {
                Optional<SourceSettings> stored = store.findForUpdate(name);
                SourceSettings before = stored.orElseGet(() -> sources.configured(name)
                        ? SourceSettings.of(name, configured.sources().get(name)) : null);
                long saved = store.save(wanted, stored.isPresent(), actor, clock.instant());
                audit.record(actor, before == null ? CREATE : CHANGE, target, "done", "version " + saved,
                        before == null ? null : write(before), write(wanted));
                return saved;
            });
        } catch (DuplicateKeyException concurrent) {
            // another administrator stored this source's first change at the same moment
            throw new HubException(ErrorCode.CONFLICT, "The source was changed at the same time; read it and retry");
        }
        sources.refresh(name);
        announce(name, version);
        return get(name);
    }

    /**
     * Drops the settings administrators stored for a source, which then runs with its
     * {@code hub.sources.<name>.*} configuration again on every instance (audited, announced). A
     * source an administrator created is deleted: refused (409) while its route file is loaded.
     */
    public SourceSettings reset(String name, String actor) {
        known(name);
        boolean created = !sources.configured(name);
        if (created && routeFiles.fileOf(SourceRoutes.routeId(name)).isPresent()) {
            throw new HubException(ErrorCode.CONFLICT, "The source's route is loaded: remove routes/" + name
                    + ".yaml and reload the routes first");
        }
        Optional<SourceSettings> removed = tx.execute(status -> {
            Optional<SourceSettings> stored = store.findForUpdate(name);
            stored.ifPresent(before -> {
                store.delete(name);
                audit.record(actor, created ? DELETE : RESET, "source " + name, "done", null, write(before),
                        created ? null : write(SourceSettings.of(name, configured.sources().get(name))));
            });
            return stored;
        });
        sources.refresh(name);
        if (removed != null && removed.isPresent()) {
            announce(name, 0);
        }
        if (created) {
            // the settings the deleted source had
            return removed.orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND, "No source with this name"));
        }
        return get(name);
    }

    private void announce(String name, long version) {
        changes.announce(properties.topic(), name, Map.of(SOURCE_HEADER, name, VERSION_HEADER, version));
    }

    private SourceProperties.Source known(String name) {
        if (name == null || !sources.exists(name)) {
            throw new HubException(ErrorCode.NOT_FOUND, "No source with this name");
        }
        return sources.settings(name);
    }

    private String write(SourceSettings settings) {
        try {
            return json.writeValueAsString(settings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Source settings are a plain record and always serialise", e);
        }
    }
}
