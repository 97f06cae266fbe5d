package vn.lgsp.hub.sources.routefiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.camel.CamelContext;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.ServiceStatus;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.TemplatedRouteDefinition;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.lookup.JsonFieldMapper;
import vn.lgsp.hub.sources.lookup.SourceRoutes;
import vn.lgsp.hub.sources.lookup.Sources;

/**
 * The administrators' route files, {@code routes/*.yaml}: loaded one by one when Camel has started,
 * so that a broken file is reported failed and every other route serves; reloaded all or nothing.
 *
 * <p>A file belongs to a source that exists (configured, or created by an administrator): one for a
 * name the hub does not know is refused, like a file that does not parse.
 *
 * <p>A reload first reads and checks every file (YAML, DSL, route id, template, mapper bean)
 * without touching the running routes; one broken file refuses the whole reload with the file
 * and line. Only then are the file routes replaced. Lookups arriving meanwhile wait on their
 * {@code direct:} endpoint for the new route rather than fail.
 *
 * <p>What is loaded when, and which source routes are held stopped, is the cluster's route set's to
 * say ({@link RouteSets}): this class loads, checks and swaps files on this instance.
 */
@Component
public class RouteFiles implements CamelContextConfiguration {

    /** The template parameter {@code request}: {@code <bean>?method=<name>}. */
    private static final Pattern REQUEST_WRITER = Pattern.compile("([A-Za-z][A-Za-z0-9]*)\\?method=([A-Za-z][A-Za-z0-9]*)");
    private static final Logger LOG = LoggerFactory.getLogger(RouteFiles.class);
    /** A place as messages give it: {@code line 7} or {@code line 7, column 12}. */
    private static final Pattern LINE = Pattern.compile("line (\\d+)(?:, column (\\d+))?");
    private static final int STOP_TIMEOUT_SECONDS = 10;
    private static final Pattern FILE_NAME = Pattern.compile("[a-z][a-z0-9-]*\\.yaml");
    /** The exchange properties route files read before a lookup was one value, and what stands for each now. */
    private static final Pattern FORMER_PROPERTY = Pattern.compile("exchangeProperty\\.(hubSubject|hubSource|hubCorrelationId)\\b");
    private static final Map<String, String> FORMER_FIELDS = Map.of("hubSubject", "subject",
            "hubSource", "source", "hubCorrelationId", "correlationId");

    private final Path directory;
    private final ApplicationContext spring;
    private final Sources sources;
    private final Object swap = new Object();
    /** True while the file routes are being replaced (and until they are first loaded): lookups wait for them. */
    private volatile boolean swapping = true;
    /** File name to what is loaded from it now. */
    private final Map<String, Loaded> loaded = new ConcurrentHashMap<>();
    /** File name to why it is not loaded. */
    private final Map<String, Failure> failed = new ConcurrentHashMap<>();
    private volatile CamelContext camel;
    /** The source routes the cluster's route set holds stopped ({@link RouteSets}). */
    private volatile Set<String> stopped = Set.of();

    public RouteFiles(@Value("${hub.routes-dir}") Path directory, ApplicationContext spring, Sources sources) {
        this.directory = directory;
        this.spring = spring;
        this.sources = sources;
        sources.whenReplaced(this::replace);
    }

    /**
     * A file that could not be loaded: where and why (the message never holds request data). The line
     * and column count from 1 and are null when not known; the excerpt is that line of the file (at most
     * {@value HubException.Location#MAX_EXCERPT} characters), null when not known.
     */
    public record Failure(String file, Integer line, Integer column, String excerpt, String message) {

        String describe() {
            return "routes/" + file + (line == null ? "" : " line " + line) + ": " + message;
        }

        /** Where, as a problem's {@code location}: the file as {@code routes/<name>}. */
        public HubException.Location location() {
            return new HubException.Location("routes/" + file, line, column, excerpt);
        }
    }

    private record Loaded(String content, List<String> routeIds) {
    }

    /** A file read from disk and checked, ready to be added. */
    private record Checked(String file, String content, List<String> routeIds) {
    }

    @Override
    public void beforeApplicationStart(CamelContext camelContext) {
        this.camel = camelContext;
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // the files are loaded once the application has started, see loadDirectory
    }

    /**
     * Loads each file of this instance's directory on its own (at start, once the application, Camel,
     * its Java routes and the route templates among them, has started: {@link RouteSets}): a broken
     * file is recorded and logged, the others serve. The routes in {@code stopped} (the cluster's) are
     * added but not started.
     */
    void loadDirectory(Set<String> stopped) {
        synchronized (swap) {
            this.stopped = Set.copyOf(stopped);
            try {
                for (String file : files()) {
                    String content = null;
                    try {
                        content = read(file);
                        add(check(file, content));
                    } catch (HubException e) {
                        Failure failure = failureOf(file, content, e);
                        failed.put(file, failure);
                        LOG.error("route file not loaded, its routes are down: {}", failure.describe());
                    }
                }
            } finally {
                swapping = false;
            }
        }
    }

    /**
     * Reads and checks every file of this instance's directory without touching the running routes: a
     * broken one refuses the reload (422 {@code admin.invalid_route}, naming the file and line).
     *
     * @return the files' contents by name, to be stored as the cluster's route set and then {@link #swap swapped in}
     */
    Map<String, String> readChecked() {
        synchronized (swap) {
            Map<String, String> contents = new TreeMap<>();
            for (String file : files()) {
                contents.put(file, read(file));
            }
            checkAll(contents);
            return contents;
        }
    }

    /**
     * Replaces the file routes with those of {@code contents} (file name to YAML), all or nothing. All
     * are checked first; a broken one refuses the swap (422 {@code admin.invalid_route}, naming the file
     * and line) and the running routes stay as they are. Routes of the cluster's stopped set are added
     * stopped.
     *
     * @return the route ids now loaded from files
     */
    List<String> swap(Map<String, String> contents) {
        synchronized (swap) {
            List<Checked> all = checkAll(contents);
            Map<String, Loaded> before = new LinkedHashMap<>(loaded);
            swapping = true;
            try {
                removeAll();
                try {
                    all.forEach(this::add);
                } catch (HubException e) {
                    // checked but not startable after all: put back what ran before
                    LOG.error("reloaded routes did not start, restoring the previous ones: {}", e.getMessage());
                    removeAll();
                    before.forEach((file, was) -> add(check(file, was.content())));
                    throw new HubException(ErrorCode.INVALID_ROUTE, "Nothing was reloaded: " + e.getMessage(),
                            e.location().orElse(null));
                }
            } finally {
                swapping = false;
            }
            failed.clear();
            return routeIds();
        }
    }

    private List<Checked> checkAll(Map<String, String> contents) {
        List<Checked> all = new ArrayList<>();
        contents.forEach((file, content) -> {
            try {
                all.add(check(file, content));
            } catch (HubException e) {
                Failure failure = failureOf(file, content, e);
                throw new HubException(ErrorCode.INVALID_ROUTE, "Nothing was reloaded: " + failure.describe(),
                        failure.location());
            }
        });
        return all;
    }

    /**
     * Applies the cluster's stopped routes: a file route in {@code routeIds} is stopped, one that was in
     * the set before and is no longer is started again. Other routes are left as they are.
     */
    void applyStopped(Set<String> routeIds) {
        synchronized (swap) {
            Set<String> before = stopped;
            stopped = Set.copyOf(routeIds);
            for (String id : routeIds()) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(id);
                try {
                    if (stopped.contains(id) && status == ServiceStatus.Started) {
                        camel.getRouteController().stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                        LOG.info("route {} stopped: it is in the cluster's stopped routes", id);
                    } else if (!stopped.contains(id) && before.contains(id) && status != ServiceStatus.Started) {
                        camel.getRouteController().startRoute(id);
                        LOG.info("route {} started: it is no longer in the cluster's stopped routes", id);
                    }
                } catch (Exception e) {
                    LOG.error("route {} could not be brought to the cluster's state: {}", id, rootMessage(e));
                }
            }
        }
    }

    /** The files whose routes are loaded now, name to content: what this instance runs. */
    Map<String, String> loadedFiles() {
        Map<String, String> files = new TreeMap<>();
        loaded.forEach((file, l) -> files.put(file, l.content()));
        return files;
    }

    /**
     * Replaces the routes of a source's file with new ones made from the same file: what a change of
     * the source's endpoint or breaker settings takes, since a route is made with both. Lookups
     * arriving meanwhile wait for the new route.
     */
    void replace(String source) {
        synchronized (swap) {
            String file = source + ".yaml";
            Loaded was = loaded.get(file);
            if (was == null || camel == null) {
                return;
            }
            swapping = true;
            try {
                removeRoutes(loaded.remove(file).routeIds());
                add(check(file, was.content()));
            } catch (HubException e) {
                failed.put(file, failureOf(file, was.content(), e));
                LOG.error("the routes of routes/{} could not be made again with the source's new settings: {}",
                        file, e.getMessage());
            } finally {
                swapping = false;
            }
        }
    }

    /** The route ids loaded from files, in file order. */
    public List<String> routeIds() {
        return new TreeMap<>(loaded).values().stream().flatMap(l -> l.routeIds().stream()).toList();
    }

    /** The file a route was loaded from, if it came from one. */
    public Optional<String> fileOf(String routeId) {
        return loaded.entrySet().stream().filter(e -> e.getValue().routeIds().contains(routeId))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The files that failed to load at start, by name. */
    public Map<String, Failure> failures() {
        return new TreeMap<>(failed);
    }

    /**
     * Refuses a call to a source whose route an administrator stopped, whose file failed to load or
     * is not there (a source created before its file), as an unavailable source; a route being
     * swapped by a reload is waited for instead.
     */
    public void requireAvailable(String source) {
        Optional<String> unavailable = unavailable(source);
        if (unavailable.isPresent()) {
            throw new HubException(ErrorCode.SOURCE_UNAVAILABLE, "The route to the " + source + " database is "
                    + unavailable.get());
        }
    }

    /** Why this source's route cannot take calls now ({@code stopped}, {@code not loaded}), or empty when it can. */
    public Optional<String> unavailable(String source) {
        if (camel == null) {
            return Optional.of("not loaded");
        }
        ServiceStatus status = camel.getRouteController().getRouteStatus(SourceRoutes.routeId(source));
        if (status == ServiceStatus.Stopped || status == ServiceStatus.Suspended) {
            return Optional.of("stopped");
        }
        return status == null && (!swapping || failed.containsKey(source + ".yaml"))
                ? Optional.of("not loaded") : Optional.empty();
    }

    private List<String> files() {
        if (!Files.isDirectory(directory)) {
            LOG.warn("no route directory at {}: no source routes", directory.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("route directory " + directory + " cannot be listed", e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new HubException(ErrorCode.INVALID_ROUTE, "routes/" + file + " cannot be read", e);
        }
    }

    /**
     * Parses a file into route definitions without adding them, and checks the conventions of
     * routes/README.md. Any problem is a {@code HubException} whose cause says where.
     */
    private Checked check(String file, String content) {
        try {
            if (!FILE_NAME.matcher(file).matches()) {
                throw new IllegalArgumentException("a route file is named <source>.yaml in lower case");
            }
            String source = file.substring(0, file.length() - ".yaml".length());
            Matcher former = FORMER_PROPERTY.matcher(content);
            if (former.find()) {
                throw new Misplaced("${exchangeProperty." + former.group(1) + "} is no longer set: a lookup is one value, "
                        + "${exchangeProperty.lookup}; write ${exchangeProperty.lookup." + FORMER_FIELDS.get(former.group(1))
                        + "} instead (routes/README.md)", Pattern.compile(Pattern.quote(former.group())));
            }
            if (!sources.exists(source)) {
                throw new IllegalArgumentException("there is no source " + source + ": create it first with "
                        + "PUT /api/v1/admin/sources/" + source + " (routes/README.md)");
            }
            List<String> ids = new ArrayList<>();
            for (RoutesBuilder builder : builders(file, content)) {
                if (!(builder instanceof RouteBuilder routes)) {
                    throw new IllegalArgumentException("only routes and templated routes may be declared");
                }
                routes.configureRoutes(camel);
                for (RouteDefinition route : routes.getRouteCollection().getRoutes()) {
                    ids.add(checkRoute(source, route.getRouteId(), route.getRouteConfigurationId()));
                }
                for (TemplatedRouteDefinition templated : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
                    ids.add(checkTemplated(source, templated));
                }
            }
            if (ids.isEmpty()) {
                throw new IllegalArgumentException("the file declares no route");
            }
            return new Checked(file, content, ids);
        } catch (HubException e) {
            throw e;
        } catch (Exception e) {
            throw new HubException(ErrorCode.INVALID_ROUTE, "routes/" + file + " is not a valid route file", e);
        }
    }

    private Collection<RoutesBuilder> builders(String file, String content) throws Exception {
        Resource resource = ResourceHelper.fromString("file:" + directory.resolve(file), content);
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        return loader.findRoutesBuilders(List.of(resource));
    }

    private static String checkRoute(String source, String routeId, String configurationId) {
        requireId(source, routeId);
        if (!ErrorHandling.SOURCE_ERRORS.equals(configurationId)) {
            throw new Misplaced("route " + routeId + " must set routeConfigurationId: " + ErrorHandling.SOURCE_ERRORS,
                    Pattern.compile(configurationId == null ? "(routeId|\\bid)\\s*:" : "routeConfigurationId\\s*:"));
        }
        return routeId;
    }

    private String checkTemplated(String source, TemplatedRouteDefinition templated) {
        requireId(source, templated.getRouteId());
        Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
        if (model.getRouteTemplateDefinition(templated.getRouteTemplateRef()) == null) {
            throw new Misplaced("no route template named " + templated.getRouteTemplateRef(),
                    Pattern.compile("routeTemplateRef\\s*:"));
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        templated.getParameters().forEach(p -> parameters.put(p.getName(), p.getValue()));
        if (!source.equals(parameters.get("source"))) {
            throw new Misplaced("parameter source must be " + source, parameterNear("source"));
        }
        String mapper = parameters.get("mapper");
        if (mapper == null || !spring.containsBean(mapper)) {
            throw new Misplaced("parameter mapper must name a mapper bean, not " + mapper, parameterNear("mapper"));
        }
        if (spring.getBean(mapper) instanceof JsonFieldMapper json) {
            json.requireFields(source);
        }
        String request = parameters.get("request");
        if (request != null && !requestWriter(request)) {
            throw new Misplaced("parameter request must name a bean and its method, such as "
                    + "populationRequests?method=soap, not " + request, parameterNear("request"));
        }
        if (parameters.containsKey(SourceRoutes.ENDPOINT)) {
            throw new Misplaced("parameter " + SourceRoutes.ENDPOINT + " is set by the hub from the source's settings "
                    + "(hub.sources." + source + ".base-url and timeouts), not in a route file",
                    parameterNear(SourceRoutes.ENDPOINT));
        }
        String path = parameters.get("path");
        if (path == null || !path.startsWith("/")) {
            throw new Misplaced("parameter path must start with /", parameterNear("path"));
        }
        return templated.getRouteId();
    }

    /** {@code <bean>?method=<name>}: a bean that has a public method of that name. */
    private boolean requestWriter(String request) {
        Matcher m = REQUEST_WRITER.matcher(request);
        if (!m.matches() || !spring.containsBean(m.group(1))) {
            return false;
        }
        String method = m.group(2);
        return Arrays.stream(AopUtils.getTargetClass(spring.getBean(m.group(1))).getMethods())
                .anyMatch(candidate -> candidate.getName().equals(method));
    }

    private static void requireId(String source, String routeId) {
        String expected = SourceRoutes.routeId(source);
        if (!expected.equals(routeId)) {
            throw new Misplaced("the route id must be " + expected + ", not " + routeId,
                    Pattern.compile("(routeId|\\bid)\\s*:"));
        }
    }

    private void add(Checked checked) {
        try {
            // fresh builders: a checked one has been configured already and would add nothing
            String source = checked.file().substring(0, checked.file().length() - ".yaml".length());
            for (RoutesBuilder builder : builders(checked.file(), checked.content())) {
                if (builder instanceof RouteBuilder routes) {
                    // the source's endpoint, from its settings now: a route is made again when they change
                    routes.configureRoutes(camel);
                    for (TemplatedRouteDefinition templated : routes.getTemplatedRouteCollection().getTemplatedRoutes()) {
                        templated.parameter(SourceRoutes.ENDPOINT, sources.endpointUri(source));
                    }
                }
                camel.addRoutes(builder);
                camel.addTemplatedRoutes(builder);
            }
            // routes added to a running context are not started by the supervising route controller
            for (String id : checked.routeIds()) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(id);
                if (stopped.contains(id)) {
                    // in the cluster's stopped routes: kept out of service, like on every instance
                    if (status == ServiceStatus.Started) {
                        camel.getRouteController().stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    }
                } else if (status != ServiceStatus.Started) {
                    camel.getRouteController().startRoute(id);
                }
            }
            loaded.put(checked.file(), new Loaded(checked.content(), checked.routeIds()));
            failed.remove(checked.file());
            LOG.info("route file routes/{} loaded: {}", checked.file(), checked.routeIds());
        } catch (Exception e) {
            // half added: take out what did start
            removeRoutes(checked.routeIds());
            throw new HubException(ErrorCode.INVALID_ROUTE, "routes/" + checked.file() + " did not start: "
                    + rootMessage(e), failureAt(checked.file(), checked.content(), e).location(), e);
        }
    }

    private void removeAll() {
        for (String file : Set.copyOf(loaded.keySet())) {
            removeRoutes(loaded.remove(file).routeIds());
        }
    }

    private void removeRoutes(List<String> routeIds) {
        for (String id : routeIds) {
            try {
                if (camel.getRoute(id) != null) {
                    camel.getRouteController().stopRoute(id, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    camel.removeRoute(id);
                }
                Model model = camel.getCamelContextExtension().getContextPlugin(Model.class);
                RouteDefinition definition = model.getRouteDefinition(id);
                if (definition != null) {
                    model.removeRouteDefinition(definition);
                }
            } catch (Exception e) {
                throw new IllegalStateException("route " + id + " could not be removed", e);
            }
        }
    }

    /**
     * Where and why a file failed: what the check found (the exception's cause when it has one). The
     * line is where the YAML parser found the problem (not where the enclosing node began), or the
     * line of the setting a convention check refused.
     */
    private static Failure failureOf(String file, String content, HubException refused) {
        return failureAt(file, content, refused.getCause() == null ? refused : refused.getCause());
    }

    /** Where and why a file failed, from what went wrong. */
    private static Failure failureAt(String file, String content, Throwable problem) {
        Spot spot = null;
        for (Throwable t = problem; t != null; t = t.getCause()) {
            if (t instanceof MarkedYamlEngineException marked) {
                Optional<Mark> mark = marked.getProblemMark().or(marked::getContextMark);
                if (mark.isPresent()) {
                    spot = new Spot(mark.get().getLine() + 1, mark.get().getColumn() + 1);
                }
            } else if (t instanceof Misplaced misplaced && content != null) {
                spot = misplaced.spotIn(content);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        if (spot == null) {
            Matcher m = LINE.matcher(String.valueOf(problem.getMessage()));
            while (m.find()) {
                int line = Integer.parseInt(m.group(1));
                spot = line < 1 ? spot : new Spot(line, m.group(2) == null ? null : Integer.valueOf(m.group(2)));
            }
        }
        if (spot == null) {
            return new Failure(file, null, null, null, rootMessage(problem));
        }
        HubException.Location at = HubException.Location.in("routes/" + file, content, spot.line(), spot.column());
        return new Failure(file, at.line(), at.column(), at.excerpt(), rootMessage(problem));
    }

    /** A line and column of a file, from 1 (the column null when not known). */
    private record Spot(int line, Integer column) {

        Spot {
            if (column != null && column < 1) {
                column = null;
            }
        }
    }

    private static Pattern parameterNear(String name) {
        return Pattern.compile("name\\s*:\\s*[\"']?" + name + "[\"']?\\s*$");
    }

    /** A convention broken by a setting of the file: the line is the first that matches {@code near}. */
    private static final class Misplaced extends IllegalArgumentException {

        private final transient Pattern near;

        Misplaced(String message, Pattern near) {
            super(message);
            this.near = near;
        }

        /**
         * The first line matching {@code near}, and the column where the match begins (in characters, as
         * the YAML parser counts them); null when none does.
         */
        Spot spotIn(String content) {
            String[] lines = content.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = near.matcher(lines[i]);
                if (m.find()) {
                    return new Spot(i + 1, lines[i].codePointCount(0, m.start()) + 1);
                }
            }
            return null;
        }
    }

    private static String rootMessage(Throwable problem) {
        Throwable root = problem;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // the first line says what; the rest is the YAML parser's excerpt of the file
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
