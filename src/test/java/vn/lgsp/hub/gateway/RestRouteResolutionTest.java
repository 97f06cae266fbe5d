package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.http.common.HttpCommonEndpoint;
import org.apache.camel.http.common.HttpConsumer;
import org.apache.camel.http.common.HttpRestServletResolveConsumerStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The servlet's index of REST routes picks the route Camel's own REST matching picks, for the paths the
 * hub has: exact paths before templates, the template with the fewest placeholders, segments compared
 * ignoring case, and a trailing slash ignored; where no route matches, Camel's own answer stands.
 */
class RestRouteResolutionTest {

    private final Map<String, HttpConsumer> routes = new LinkedHashMap<>();
    private final RestServlet.IndexedResolution indexed =
            new RestServlet.IndexedResolution(new HttpRestServletResolveConsumerStrategy());
    private final HttpRestServletResolveConsumerStrategy camels = new HttpRestServletResolveConsumerStrategy();

    RestRouteResolutionTest() {
        route("GET", "/api/v1/citizens/{personalId}");
        route("GET", "/api/v1/enterprises/{taxCode}");
        route("GET", "/api/v1/lookups/{source}/{subject}");
        route("GET", "/api/v1/dossiers/{dossierId}");
        route("PUT", "/api/v1/dossiers/{dossierId}/status");
        route("POST", "/api/v1/dossiers");
        route("GET", "/api/v1/admin/routes");
        route("GET", "/api/v1/admin/routes/{file}");
        route("GET", "/api/v1/admin/routes/validation");
        route("GET", "/api/v1/reports/reuse");
    }

    private void route(String method, String path) {
        HttpCommonEndpoint endpoint = mock(HttpCommonEndpoint.class);
        when(endpoint.getHttpMethodRestrict()).thenReturn(method);
        HttpConsumer consumer = mock(HttpConsumer.class, method + " " + path);
        when(consumer.getEndpoint()).thenReturn(endpoint);
        when(consumer.getPath()).thenReturn(path);
        routes.put(method + " " + path, consumer);
    }

    private static HttpServletRequest request(String method, String path) {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getMethod()).thenReturn(method);
        when(request.getPathInfo()).thenReturn(path);
        return request;
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /api/v1/citizens/074085000123, GET /api/v1/citizens/{personalId}",
        "GET, /API/V1/Citizens/074085000123/, GET /api/v1/citizens/{personalId}",
        "get, /api/v1/citizens/074085000123, GET /api/v1/citizens/{personalId}",
        "GET, /api/v1/lookups/land/12-34, GET /api/v1/lookups/{source}/{subject}",
        "GET, /api/v1/admin/routes/validation, GET /api/v1/admin/routes/validation",
        "GET, /api/v1/admin/routes/citizens.yaml, GET /api/v1/admin/routes/{file}",
        "PUT, /api/v1/dossiers/000.00.12.H12-261120-0001/status, PUT /api/v1/dossiers/{dossierId}/status",
        "POST, /api/v1/dossiers, POST /api/v1/dossiers",
    })
    void picksTheRouteCamelPicks(String method, String path, String expected) {
        HttpServletRequest request = request(method, path);
        HttpConsumer camelsChoice = camels.resolve(request, routes);
        assertThat(camelsChoice).isSameAs(routes.get(expected));
        assertThat(indexed.resolve(request, routes)).isSameAs(camelsChoice);
    }

    @ParameterizedTest
    @CsvSource({
        "GET, /api/v1/citizens",
        "GET, /api/v1/citizens/1/2",
        "DELETE, /api/v1/citizens/074085000123",
        "GET, /api/v1/nothing/here",
        "GET, /",
    })
    void answersNothingWhereCamelAnswersNothing(String method, String path) {
        HttpServletRequest request = request(method, path);
        assertThat(indexed.find(method, path, routes)).isNull();
        assertThat(indexed.resolve(request, routes)).isSameAs(camels.resolve(request, routes));
    }

    @Test
    void theServletResolvesThroughTheIndexWhateverResolutionCamelSetsAsItStarts() {
        RestServlet.WholePathServlet servlet = new RestServlet.WholePathServlet(null);
        assertThat(servlet.getServletResolveConsumerStrategy()).isInstanceOf(RestServlet.IndexedResolution.class);
        // what CamelHttpTransportServlet.init does
        servlet.setServletResolveConsumerStrategy(new HttpRestServletResolveConsumerStrategy());
        assertThat(servlet.getServletResolveConsumerStrategy()).isInstanceOf(RestServlet.IndexedResolution.class);
    }

    @Test
    void aRouteThatConnectsLaterIsFoundOnceTheServletSaysSo() {
        assertThat(indexed.find("GET", "/api/v1/land/12-34", routes)).isNull();
        route("GET", "/api/v1/land/{parcelId}");
        indexed.routesChanged();
        assertThat(indexed.find("GET", "/api/v1/land/12-34", routes)).isSameAs(routes.get("GET /api/v1/land/{parcelId}"));
        routes.remove("GET /api/v1/land/{parcelId}");
        indexed.routesChanged();
        assertThat(indexed.find("GET", "/api/v1/land/12-34", routes)).isNull();
    }
}
