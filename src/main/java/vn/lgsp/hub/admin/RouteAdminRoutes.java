package vn.lgsp.hub.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedRouteMBean;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.ErrorHandling;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.common.Responses;
import vn.lgsp.hub.security.CurrentClient;
import vn.lgsp.hub.sources.lookup.SourceRoutes;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.routefiles.RouteFiles;
import vn.lgsp.hub.sources.routefiles.RouteSets;

/**
 * docs/api.md §6, role ADMIN: the Camel routes with their status and statistics, stopping and starting
 * one, and reloading the route files. A reload, stop or start taken by any instance is the cluster's
 * ({@link RouteSets}): every instance sharing the database applies it. Every action is in the audit
 * trail, recorded by the instance that took the request.
 */
@Component
class RouteAdminRoutes extends RouteBuilder {

    private static final int STOP_TIMEOUT_SECONDS = 10;

    private final RouteFiles files;
    private final RouteSets routeSets;
    private final Sources sources;
    private final Responses responses;
    private final AuditLog audit;
    private final ObjectMapper json;

    RouteAdminRoutes(RouteFiles files, RouteSets routeSets, Sources sources, Responses responses, AuditLog audit,
                     ObjectMapper json) {
        this.json = json;
        this.files = files;
        this.routeSets = routeSets;
        this.sources = sources;
        this.responses = responses;
        this.audit = audit;
    }

    @Override
    public void configure() {
        rest("/api/v1/admin/routes")
                .get().id("admin.routes").produces("application/json")
                    .to("direct:admin.routes")
                .post("/reload").id("admin.routes-reload").produces("application/json")
                    .to("direct:admin.routes-reload")
                .post("/{routeId}/stop").id("admin.route-stop").produces("application/json")
                    .to("direct:admin.route-stop")
                .post("/{routeId}/start").id("admin.route-start").produces("application/json")
                    .to("direct:admin.route-start");

        from("direct:admin.routes").routeId("admin.routes").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::list);
        from("direct:admin.routes-reload").routeId("admin.routes-reload").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(this::reload);
        from("direct:admin.route-stop").routeId("admin.route-stop").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> control(exchange, false));
        from("direct:admin.route-start").routeId("admin.route-start").routeConfigurationId(ErrorHandling.HUB_ERRORS)
                .process(exchange -> control(exchange, true));
    }

    private void list(Exchange exchange) {
        ManagedCamelContext managed = getContext().getCamelContextExtension()
                .getContextPlugin(ManagedCamelContext.class);
        List<Map<String, Object>> routes = new ArrayList<>();
        getContext().getRoutes().stream().sorted((a, b) -> a.getRouteId().compareTo(b.getRouteId()))
                .forEach(route -> routes.add(describe(route, managed)));
        List<Map<String, Object>> failed = new ArrayList<>();
        files.failures().values().forEach(f -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("file", "routes/" + f.file());
            entry.put("line", f.line());
            entry.put("column", f.column());
            entry.put("excerpt", f.excerpt());
            entry.put("error", f.message());
            failed.add(entry);
        });
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("routes", routes);
        body.put("failedFiles", failed);
        body.put("routeSet", routeSet(routeSets.status()));
        responses.json(exchange, 200, body);
    }

    private static Map<String, Object> routeSet(RouteSets.Status status) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("generation", status.generation());
        entry.put("digest", status.digest());
        entry.put("changedAt", status.changedAt() == null ? null : status.changedAt().toString());
        entry.put("changedBy", status.changedBy());
        entry.put("stoppedRoutes", List.copyOf(status.stoppedRoutes()));
        entry.put("applied", status.applied());
        entry.put("matchesCluster", status.matchesCluster());
        entry.put("loadedDigest", status.loadedDigest());
        entry.put("problem", status.problem());
        return entry;
    }

    private Map<String, Object> describe(Route route, ManagedCamelContext managed) {
        String id = route.getRouteId();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", id);
        String source = sourceOf(id);
        entry.put("source", source);
        entry.put("origin", files.fileOf(id).map(f -> "routes/" + f).orElse("java"));
        entry.put("status", String.valueOf(getContext().getRouteController().getRouteStatus(id)));
        ManagedRouteMBean stats = managed == null ? null : managed.getManagedRoute(id);
        entry.put("exchangesTotal", stats == null ? null : stats.getExchangesTotal());
        entry.put("exchangesFailed", stats == null ? null : stats.getExchangesFailed());
        entry.put("meanProcessingMs", stats == null ? null : stats.getMeanProcessingTime());
        entry.put("circuitState", source == null ? null : sources.breaker(source).getState().name());
        return entry;
    }

    private String statusJson(ServiceStatus status) throws JsonProcessingException {
        return json.writeValueAsString(Map.of("status", String.valueOf(status)));
    }

    private String routesJson(List<String> routeIds) throws JsonProcessingException {
        return json.writeValueAsString(Map.of("routes", routeIds));
    }

    /** The source a source route serves, or null for the hub's other routes. */
    private String sourceOf(String routeId) {
        for (String source : sources.names()) {
            if (SourceRoutes.routeId(source).equals(routeId)) {
                return source;
            }
        }
        return null;
    }

    private void reload(Exchange exchange) throws JsonProcessingException {
        String admin = CurrentClient.require().id();
        List<String> before = files.routeIds();
        try {
            List<String> after = routeSets.reload(admin);
            audit.record(admin, "routes.reload", "routes/*.yaml", "done", null, routesJson(before), routesJson(after));
            responses.json(exchange, 200, Map.of("reloaded", after));
        } catch (HubException e) {
            audit.record(admin, "routes.reload", "routes/*.yaml", e.code().code(), e.getMessage());
            throw e;
        }
    }

    private void control(Exchange exchange, boolean start) throws Exception {
        String admin = CurrentClient.require().id();
        String routeId = exchange.getIn().getHeader("routeId", String.class);
        String action = start ? "route.start" : "route.stop";
        if (routeId == null || routeId.length() > 100 || getContext().getRoute(routeId) == null) {
            audit.record(admin, action, "route ?", ErrorCode.NOT_FOUND.code(), null);
            throw new HubException(ErrorCode.NOT_FOUND, "No route with this id");
        }
        if (sources.names().stream().map(SourceRoutes::routeId).noneMatch(routeId::equals)) {
            audit.record(admin, action, "route " + routeId, ErrorCode.CONFLICT.code(), null);
            throw new HubException(ErrorCode.CONFLICT,
                    "Only a source's route (source.<name>.fetch) can be stopped or started here");
        }
        ServiceStatus before = getContext().getRouteController().getRouteStatus(routeId);
        // stored for every instance and applied here; then this instance's route as asked, whatever it was
        routeSets.control(routeId, start, admin);
        ServiceStatus now = getContext().getRouteController().getRouteStatus(routeId);
        if (start && now != ServiceStatus.Started) {
            getContext().getRouteController().startRoute(routeId);
        } else if (!start && now == ServiceStatus.Started) {
            getContext().getRouteController().stopRoute(routeId, STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        ServiceStatus after = getContext().getRouteController().getRouteStatus(routeId);
        audit.record(admin, action, "route " + routeId, "done", null, statusJson(before), statusJson(after));
        responses.json(exchange, 200, Map.of("id", routeId, "status", String.valueOf(after)));
    }
}
