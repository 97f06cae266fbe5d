package vn.lgsp.hub.sources.routefiles;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.messaging.SharedChanges;
import vn.lgsp.hub.sources.lookup.SourceRoutes;

/**
 * The cluster's route set (routes/README.md, "Loading and reloading"): the route files every hub
 * instance sharing the database runs, and the source routes an administrator stopped on all of them.
 * Each change, a reload or a stop or start, is stored as a new generation ({@code route_set}),
 * announced ({@link SharedChanges}), and applied by every instance, the one that took the request
 * included: the files from the database (instances need not share a disk), checked and swapped all
 * or nothing ({@link RouteFiles}); then the stopped routes.
 *
 * <p>At start an instance loads its own directory, file by file, and applies only the stored stopped
 * routes: a restart runs what is on disk. When those files are not the stored ones it says so (a WARN,
 * and the routes list) until the next reload brings every instance to one set.
 */
@Component
public class RouteSets {

    /** The announcement's JMS property: the generation stored (for the logs; every instance reads the latest). */
    static final String GENERATION_HEADER = "hubRouteSetGeneration";
    private static final int ATTEMPTS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(RouteSets.class);

    private final RouteFiles files;
    private final RouteSetStore store;
    private final RouteSetProperties properties;
    private final SharedChanges changes;
    private final Clock clock;

    /** Whether this instance loaded its directory, and compared it with the stored route set. */
    private boolean loaded;
    private boolean compared;
    /** The latest generation this instance applied or tried to (null: none stored). */
    private RouteSet known;
    /** The reload whose files this instance runs ({@link RouteSet#filesGeneration}; at start, the stored one's). */
    private long filesGeneration;
    /** Why this instance could not apply {@link #known}'s files, or null. */
    private String failure;
    /** Where in its route files that failure is, when known. */
    private HubException.Location failureLocation;

    RouteSets(RouteFiles files, RouteSetStore store, RouteSetProperties properties, SharedChanges changes,
              Clock clock) {
        this.files = files;
        this.store = store;
        this.properties = properties;
        this.changes = changes;
        this.clock = clock;
    }

    /**
     * This instance's state against the cluster's route set.
     *
     * @param generation the latest generation this instance knows of (0: none stored yet)
     * @param applied false when this instance could not apply that generation's files ({@code problem}
     *     says why): it keeps serving its previous routes
     * @param matchesCluster whether the files this instance runs are the generation's files (true when
     *     none is stored)
     * @param problem why the instance does not run the cluster's files, or null
     */
    public record Status(long generation, String digest, Instant changedAt, String changedBy,
                         SortedSet<String> stoppedRoutes, boolean applied, boolean matchesCluster,
                         String loadedDigest, String problem) {
    }

    /** Loads this instance's directory with the stored stopped routes held stopped, once the application has started. */
    @EventListener(ApplicationStartedEvent.class)
    public synchronized void start() {
        Optional<RouteSet> latest = null;
        try {
            latest = store.latest();
        } catch (DataAccessException e) {
            LOG.error("the cluster's route set could not be read at start, compared later: {}", e.getClass().getSimpleName());
        }
        Set<String> stopped = latest == null || latest.isEmpty() ? Set.of() : latest.get().stoppedRoutes();
        files.loadDirectory(stopped);
        loaded = true;
        if (latest != null) {
            adopt(latest.orElse(null));
        }
    }

    /**
     * Compares the latest stored generation with the one this instance applied, and applies it when
     * newer: on an announcement, and every {@code hub.route-set.resync-interval-ms}.
     */
    public synchronized void resync() {
        if (!loaded) {
            return;
        }
        if (!compared) {
            adopt(store.latest().orElse(null));
        } else if (store.latestGeneration() > generation()) {
            store.latest().ifPresent(this::apply);
        }
    }

    /**
     * Reloads the route files on every instance: this instance's files, read and checked (a broken one
     * refuses the reload with its file and line, and nothing is stored), become a new generation,
     * applied here and announced. Stopped routes stay stopped, those whose file is gone are dropped.
     *
     * @return the route ids now loaded from files
     */
    public List<String> reload(String actor) {
        Map<String, String> contents = files.readChecked();
        Set<String> routeIds = new TreeSet<>();
        contents.keySet().forEach(file -> routeIds.add(SourceRoutes.routeId(file.substring(0, file.length() - 5))));
        RouteSet stored = store(latest -> {
            Set<String> stopped = new TreeSet<>(latest == null ? Set.of() : latest.stoppedRoutes());
            stopped.retainAll(routeIds);
            return RouteSet.next(latest, contents, -1, stopped, clock.instant(), actor);
        });
        resync();
        announce(stored);
        synchronized (this) {
            if (failure != null && known != null && known.generation() == stored.generation()) {
                throw new HubException(ErrorCode.INVALID_ROUTE, failure, failureLocation);
            }
        }
        return files.routeIds();
    }

    /**
     * Stops a source route on every instance (adds it to the stored stopped routes), or starts it
     * again; applied here, then announced. Nothing is stored when the set already says so.
     */
    public void control(String routeId, boolean start, String actor) {
        RouteSet stored = store(latest -> {
            Set<String> stopped = new TreeSet<>(latest == null ? Set.of() : latest.stoppedRoutes());
            if (start ? !stopped.remove(routeId) : !stopped.add(routeId)) {
                return null;
            }
            return latest == null
                    // no reload yet: every instance runs its own directory; this one's files are recorded
                    ? RouteSet.next(null, files.loadedFiles(), 0, stopped, clock.instant(), actor)
                    : RouteSet.next(latest, latest.files(), latest.filesGeneration(), stopped, clock.instant(), actor);
        });
        resync();
        if (stored != null) {
            announce(stored);
        }
    }

    /** This instance's state against the cluster's route set, for the routes list. */
    public synchronized Status status() {
        Map<String, String> running = files.loadedFiles();
        String loadedDigest = RouteSet.digestOf(running);
        if (known == null) {
            return new Status(0, null, null, null, new TreeSet<>(), true, true, loadedDigest, null);
        }
        boolean matches = known.digest().equals(loadedDigest);
        String problem = failure;
        if (problem == null && !matches) {
            problem = "this instance runs route files that differ from the cluster's (" + differing(known.files(), running)
                    + "): it keeps them until the next reload";
        }
        return new Status(known.generation(), known.digest(), known.changedAt(), known.changedBy(),
                known.stoppedRoutes(), failure == null, matches, loadedDigest, problem);
    }

    private long generation() {
        return known == null ? 0 : known.generation();
    }

    /**
     * At start (or the first time the database answers after it): the directory's files are kept,
     * compared with the stored ones, and the stored stopped routes applied.
     */
    private void adopt(RouteSet latest) {
        compared = true;
        known = latest;
        if (latest == null) {
            return;
        }
        filesGeneration = latest.filesGeneration();
        files.applyStopped(latest.stoppedRoutes());
        Map<String, String> running = files.loadedFiles();
        if (!latest.digest().equals(RouteSet.digestOf(running))) {
            LOG.warn("the route files this instance loaded differ from the cluster's route set (generation {}): {}; "
                    + "they are kept until the next reload (routes/README.md)", latest.generation(),
                    differing(latest.files(), running));
        }
    }

    /** Applies a newer generation: its stopped routes, then its files if a reload changed them since. */
    private void apply(RouteSet set) {
        files.applyStopped(set.stoppedRoutes());
        if (set.filesGeneration() != filesGeneration || failure != null) {
            try {
                if (!set.digest().equals(RouteSet.digestOf(files.loadedFiles()))) {
                    files.swap(set.files());
                }
                filesGeneration = set.filesGeneration();
                failure = null;
                failureLocation = null;
                LOG.info("route set generation {} applied: {} route files", set.generation(), set.files().size());
            } catch (HubException e) {
                failure = "generation " + set.generation() + " not applied, the previous routes serve: " + e.getMessage();
                failureLocation = e.location().orElse(null);
                LOG.error("route set {}", failure);
            }
        }
        known = set;
    }

    /** Stores the generation {@code next} makes of the latest one (null: no change), retrying when another instance stored one first. */
    private RouteSet store(UnaryOperator<RouteSet> next) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RouteSet wanted = next.apply(store.latest().orElse(null));
            if (wanted == null) {
                return null;
            }
            try {
                store.insert(wanted);
                return wanted;
            } catch (DuplicateKeyException concurrent) {
                LOG.debug("route set generation {} stored by another instance first, retrying", wanted.generation());
            }
        }
        throw new HubException(ErrorCode.CONFLICT, "The routes were changed at the same time; retry");
    }

    private void announce(RouteSet stored) {
        changes.announce(properties.topic(), Long.toString(stored.generation()),
                Map.of(GENERATION_HEADER, stored.generation()));
    }

    /** The names of the files that differ between two sets (file names only). */
    private static String differing(Map<String, String> cluster, Map<String, String> running) {
        Set<String> names = new TreeSet<>(cluster.keySet());
        names.addAll(running.keySet());
        names.removeIf(name -> cluster.containsKey(name) && cluster.get(name).equals(running.get(name)));
        return String.join(", ", names);
    }
}
