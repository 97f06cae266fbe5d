package vn.lgsp.hub.catalogues;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.HubException.FieldProblem;
import vn.lgsp.hub.messaging.SharedChanges;

/**
 * Catalogues read and changed by an administrator (docs/api.md §6). A change is validated, stored
 * with its audit event (the catalogue before and after, {@link CatalogueAudit}) in one transaction,
 * applied here from the database, then announced on the topic so every instance sharing the database
 * applies it. At start the stored catalogues are applied over the shipped ones.
 *
 * <p>Only the shipped catalogues can be changed: they are the ones the mappers ask for.
 */
@Component
public class CatalogueAdministration {

    /** The announcement's JMS properties: the changed catalogue, and the stored version (0: reset; for the logs). */
    static final String NAME_HEADER = "hubCatalogue";
    static final String VERSION_HEADER = "hubCatalogueVersion";
    static final String CHANGE = "catalogue.change";
    static final String RESET = "catalogue.reset";

    private final Catalogues catalogues;
    private final CatalogueStore store;
    private final CatalogueProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final SharedChanges changes;
    private final CatalogueAudit auditSides;
    private final Clock clock;
    /** The stored catalogue this instance applied last, per name (none: the shipped one). */
    private final Map<String, StoredCatalogue.Stamp> applied = new HashMap<>();

    CatalogueAdministration(Catalogues catalogues, CatalogueStore store, CatalogueProperties properties,
                            AuditLog audit, TransactionTemplate tx, SharedChanges changes, ObjectMapper json,
                            Clock clock) {
        this.catalogues = catalogues;
        this.store = store;
        this.properties = properties;
        this.audit = audit;
        this.tx = tx;
        this.changes = changes;
        this.auditSides = new CatalogueAudit(json);
        this.clock = clock;
        refreshChanged();
    }

    /** Every catalogue as this instance uses it, its entries counted. */
    public synchronized List<CatalogueView.Summary> list() {
        return catalogues.names().stream()
                .map(name -> CatalogueView.Summary.of(catalogues.get(name).orElseThrow(), applied.get(name)))
                .toList();
    }

    /** One catalogue as this instance uses it; 404 {@code client.not_found} for a name the hub does not ship. */
    public synchronized CatalogueView get(String name) {
        known(name);
        return CatalogueView.of(catalogues.get(name).orElseThrow(), applied.get(name));
    }

    /**
     * Validates, stores (audited), applies and announces a catalogue's new entries; returns the
     * catalogue as now used. An invalid change is refused with every broken rule named (up to
     * {@value CatalogueChange#MAX_PROBLEMS}), and audited as refused.
     */
    public CatalogueView change(String name, CatalogueChange requested, String actor) {
        Catalogue shipped = known(name);
        String target = "catalogue " + name;
        List<FieldProblem> problems = requested.problems(shipped);
        if (!problems.isEmpty()) {
            audit.record(actor, CHANGE, target, ErrorCode.INVALID_REQUEST.code(), "invalid: "
                    + problems.stream().map(FieldProblem::field).distinct().limit(20)
                    .collect(Collectors.joining(", ")));
            throw new HubException(ErrorCode.INVALID_REQUEST, "The catalogue is invalid: "
                    + problems.get(0).field() + " " + problems.get(0).message(), problems);
        }
        Catalogue wanted = requested.applyTo(shipped);
        long version;
        try {
            version = tx.execute(status -> {
                Optional<StoredCatalogue> stored = store.findForUpdate(name);
                Catalogue before = stored.map(StoredCatalogue::catalogue).orElse(shipped);
                long beforeVersion = stored.map(s -> s.stamp().version()).orElse(0L);
                long saved = store.save(wanted, stored.isPresent(), actor, clock.instant());
                String[] sides = auditSides.sides(before, beforeVersion, wanted, saved);
                audit.record(actor, CHANGE, target, "done", "version " + saved + ", " + wanted.entries().size()
                        + " entries", sides[0], sides[1]);
                return saved;
            });
        } catch (DuplicateKeyException concurrent) {
            // another administrator stored this catalogue's first change at the same moment
            throw new HubException(ErrorCode.CONFLICT, "The catalogue was changed at the same time; read it and retry");
        }
        refresh(name);
        announce(name, version);
        return get(name);
    }

    /**
     * Drops the catalogue administrators stored: the shipped one is used again on every instance
     * (audited, announced). Returns the catalogue as now used.
     */
    public CatalogueView reset(String name, String actor) {
        Catalogue shipped = known(name);
        Optional<StoredCatalogue> removed = tx.execute(status -> {
            Optional<StoredCatalogue> stored = store.findForUpdate(name);
            stored.ifPresent(before -> {
                store.delete(name);
                String[] sides = auditSides.sides(before.catalogue(), before.stamp().version(), shipped, 0);
                audit.record(actor, RESET, "catalogue " + name, "done", "shipped, " + shipped.entries().size()
                        + " entries", sides[0], sides[1]);
            });
            return stored;
        });
        refresh(name);
        if (removed != null && removed.isPresent()) {
            announce(name, 0);
        }
        return get(name);
    }

    /**
     * Re-reads a catalogue from the database and uses it, or the shipped one when none is stored:
     * what every instance does when a change is announced.
     */
    public synchronized void refresh(String name) {
        if (name == null || catalogues.shipped(name).isEmpty()) {
            return;
        }
        apply(name, store.find(name).orElse(null));
    }

    /** Re-reads the catalogues whose stored version differs from the one this instance applied. */
    public synchronized void refreshChanged() {
        Map<String, StoredCatalogue.Stamp> stamps = store.stamps();
        for (String name : catalogues.names()) {
            if (!Objects.equals(stamps.get(name), applied.get(name))) {
                refresh(name);
            }
        }
    }

    /** Drops every stored catalogue: the shipped ones are used again (in this instance; for the tests). */
    public synchronized void restoreShipped() {
        store.deleteAll();
        applied.clear();
        for (String name : catalogues.names()) {
            catalogues.use(name, catalogues.shipped(name).orElseThrow());
        }
    }

    private void apply(String name, StoredCatalogue stored) {
        if (stored == null) {
            catalogues.use(name, catalogues.shipped(name).orElseThrow());
            applied.remove(name);
        } else {
            catalogues.use(name, stored.catalogue());
            applied.put(name, stored.stamp());
        }
    }

    private void announce(String name, long version) {
        changes.announce(properties.topic(), name, Map.of(NAME_HEADER, name, VERSION_HEADER, version));
    }

    private Catalogue known(String name) {
        return catalogues.shipped(name)
                .orElseThrow(() -> new HubException(ErrorCode.NOT_FOUND, "No catalogue with this name"));
    }
}
