package vn.lgsp.hub.sources.routefiles;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import vn.lgsp.hub.common.Digests;

/**
 * One generation of the cluster's route set, a row of {@code route_set}: the route files every hub
 * instance runs (name to YAML text) and the source routes an administrator stopped on all of them.
 *
 * @param generation 1 for the first change, +1 for each one after
 * @param digest the files' {@link #digestOf digest}
 * @param filesGeneration the reload that stored these files: this generation for a reload, the one
 *     before's for a stop or start (0: no reload yet, the files of the instance that took the request)
 * @param changedBy the administrator's client id
 */
public record RouteSet(long generation, SortedMap<String, String> files, String digest, long filesGeneration,
                       SortedSet<String> stoppedRoutes, Instant changedAt, String changedBy) {

    public RouteSet {
        files = new TreeMap<>(files);
        stoppedRoutes = new TreeSet<>(stoppedRoutes);
    }

    /** The generation after {@code before} (none: the first), with these files and stopped routes. */
    static RouteSet next(RouteSet before, Map<String, String> files, long filesGeneration, Set<String> stopped,
                         Instant at, String actor) {
        long generation = before == null ? 1 : before.generation() + 1;
        return new RouteSet(generation, new TreeMap<>(files), digestOf(files),
                filesGeneration < 0 ? generation : filesGeneration, new TreeSet<>(stopped), at, actor);
    }

    /** SHA-256 (hex) of route files, names and contents, in name order: equal files, equal digests. */
    public static String digestOf(Map<String, String> files) {
        StringBuilder all = new StringBuilder();
        new TreeMap<>(files).forEach((name, content) -> all.append(name.length()).append(':').append(name)
                .append(content.length()).append(':').append(content));
        return Digests.sha256Hex(all.toString());
    }
}
