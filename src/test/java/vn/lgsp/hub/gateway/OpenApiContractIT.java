package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.rest.RestDefinition;
import org.apache.camel.model.rest.VerbDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.support.ApiContract;
import vn.lgsp.hub.support.HubIT;

/**
 * {@code docs/openapi.yaml} is the contract: the hub serves it as it is written, it parses without
 * a message, and it and the running routes agree, operation for operation. (Every exchange of the
 * other integration tests is checked against it by {@link ApiContract}.)
 */
class OpenApiContractIT extends HubIT {

    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");
    /** What every /api/** path may answer (docs/api.md §1 and the document's info). */
    private static final List<String> EVERY_API_OPERATION = List.of("400", "401", "403", "405", "429", "500", "503");

    @Autowired
    private CamelContext camel;

    @Test
    void theHubServesTheDocumentAsWrittenAndAsJson() throws IOException {
        Response yaml = get("/v3/api-docs.yaml", null);
        Response json = get("/v3/api-docs", null);

        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.header("Content-Type")).startsWith("application/yaml");
        assertThat(yaml.body()).isEqualTo(Files.readString(ApiContract.DOCUMENT));
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Content-Type")).startsWith("application/json");
        assertThat(json.json()).isEqualTo(ApiContract.read(ApiContract.DOCUMENT));
        assertThat(json.json().path("openapi").asText()).isEqualTo("3.1.0");
    }

    @Test
    void theServedDocumentParsesAndResolvesWithoutAMessage() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);

        for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml")) {
            SwaggerParseResult result = new OpenAPIV3Parser().readContents(get(path, null).body(), null, options);

            assertThat(result.getMessages()).as(path).isEmpty();
            assertThat(result.getOpenAPI()).as(path).isNotNull();
            assertThat(result.getOpenAPI().getPaths()).as(path).isNotEmpty();
        }
    }

    @Test
    void everyRestRouteIsAnOperationAndEveryApiOperationHasARoute() {
        Set<String> routes = new TreeSet<>();
        for (RestDefinition rest : camel.getCamelContextExtension().getContextPlugin(Model.class).getRestDefinitions()) {
            for (VerbDefinition verb : rest.getVerbs()) {
                routes.add(verb.asVerb().toUpperCase(Locale.ROOT) + " " + join(rest.getPath(), verb.getPath()));
            }
        }
        // the lookup routes start at a REST endpoint themselves (one route from the REST entry to the answer)
        for (org.apache.camel.Route route : camel.getRoutes()) {
            if (route.getEndpoint() instanceof org.apache.camel.component.rest.RestEndpoint rest
                    && route.getRouteId().startsWith("gateway.")) {
                routes.add(rest.getMethod().toUpperCase(Locale.ROOT) + " " + join(rest.getPath(), rest.getUriTemplate()));
            }
        }
        Set<String> operations = new TreeSet<>();
        document().path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(name -> {
            if (HTTP_METHODS.contains(name) && path.getKey().startsWith("/api/")) {
                operations.add(name.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));

        assertThat(routes).as("REST DSL routes").isNotEmpty();
        assertThat(operations).as("operations of docs/openapi.yaml under /api/").containsExactlyElementsOf(routes);
    }

    @Test
    void theProblemCodesAreTheHubsErrorCodes() {
        Set<String> documented = new HashSet<>();
        document().path("components").path("schemas").path("ErrorCode").path("enum")
                .forEach(code -> documented.add(code.asText()));

        assertThat(documented).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet()));
    }

    @Test
    void everyApiOperationDocumentsTheRefusalsEveryPathCanAnswer() {
        List<String> missing = new ArrayList<>();
        document().path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!HTTP_METHODS.contains(op.getKey()) || !path.getKey().startsWith("/api/")) {
                return;
            }
            JsonNode operation = op.getValue();
            String name = op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey();
            List<String> expected = new ArrayList<>(EVERY_API_OPERATION);
            if (operation.has("requestBody")) {
                expected.addAll(List.of("413", "415"));
            }
            if (path.getKey().contains("{")) {
                expected.add("404");
            }
            for (String status : expected) {
                if (!operation.path("responses").has(status) && !(status.equals("404") && isCreatedByPut(op.getKey()))) {
                    missing.add(name + " " + status);
                }
            }
            if (!operation.has("operationId") || !operation.path("x-roles").isArray() || operation.path("x-roles").isEmpty()) {
                missing.add(name + " operationId and x-roles");
            }
        }));

        assertThat(missing).isEmpty();
    }

    /** A PUT names the resource it creates or replaces: it never answers 404. */
    private static boolean isCreatedByPut(String method) {
        return method.equals("put");
    }

    private static JsonNode document() {
        return ApiContract.read(ApiContract.DOCUMENT);
    }

    private static String join(String base, String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return base;
        }
        return base + (path.startsWith("/") ? path : "/" + path);
    }
}
