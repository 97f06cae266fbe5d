package vn.lgsp.hub.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.MessageResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.schema.SchemaValidator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.parser.OpenAPIV3Parser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The integration tests' check of every exchange against the contract, {@code docs/openapi.yaml}:
 * the request a test sent and the answer the hub gave, with Atlassian's swagger-request-validator
 * (paths, operations, parameters, headers, status codes, media types, bodies).
 *
 * <p>The validator reads OpenAPI 3.0 schemas only, so it is given a 3.0 view of the document, made
 * here: {@code type: [T, "null"]} becomes {@code nullable}, a {@code oneOf} of a schema and
 * {@code null} becomes that schema, nullable; {@code examples} becomes {@code example}, {@code const}
 * a one-value {@code enum}; keywords 3.0 lacks ({@code propertyNames}) and the {@code mutualTLS}
 * scheme are left out. For answers every object schema that does
 * not say otherwise is closed ({@code additionalProperties: false}), so that a member the document
 * does not name fails the test; requests stay open, as the hub ignores members it does not know.
 *
 * <p>What is checked:
 * <ul>
 *   <li>The answer always. For an operation of the document: status, headers, media type, body.
 *       For a path or method the document does not have: a refusal; under {@code /api/}, a problem
 *       document ({@code 404 client.not_found}, {@code 405 client.method_not_allowed} with
 *       {@code Allow}). Every problem document also has {@code X-Hub-Error} equal to its
 *       {@code code}, its {@code status} equal to the HTTP status and {@code X-Correlation-Id}
 *       equal to its {@code correlationId}.</li>
 *   <li>The request, unless the test sent it unchecked (hostile input): a request that breaks the
 *       document is accepted only as a request the hub refused, with a 4xx (or a 503 it answers
 *       before reading any request: {@code hub.overloaded}, {@code hub.token_issuer_unavailable}).
 *       A test may send a request the contract forbids on purpose (a malformed identifier, a missing
 *       context header) to see it refused; the hub serving such a request is a disagreement. Which
 *       credential a request carries is left to the security tests.</li>
 * </ul>
 */
public final class ApiContract {

    /** The contract, from the project's root (the integration tests' working directory). */
    public static final Path DOCUMENT = Path.of("docs", "openapi.yaml");

    private static final String PROBLEM = "application/problem+json";
    private static final String API_PREFIX = "/api/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NOT_AN_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE");

    private static volatile ApiContract instance;

    private final OpenApiInteractionValidator requests;
    private final OpenApiInteractionValidator responses;
    private final SchemaValidator schemas;
    private final Schema<?> problemSchema;

    private ApiContract(JsonNode document) {
        LevelResolver requestLevels = LevelResolver.create()
                // the hub ignores query parameters and body members it does not know
                .withLevel("validation.request.parameter.query.unexpected", ValidationReport.Level.IGNORE)
                .withLevel("validation.request.body.schema.additionalProperties", ValidationReport.Level.IGNORE)
                // which credential identifies a request is the security ITs' subject; the 3.0 view has
                // no mutualTLS scheme, so it could not tell a certificate-only request from an anonymous one
                .withLevel("validation.request.security", ValidationReport.Level.IGNORE)
                .build();
        this.requests = OpenApiInteractionValidator
                .createForInlineApiSpecification(write(openApi30(document, false)))
                .withLevelResolver(requestLevels).build();
        String closed = write(openApi30(document, true));
        this.responses = OpenApiInteractionValidator.createForInlineApiSpecification(closed).build();
        OpenAPI api = new OpenAPIV3Parser().readContents(closed).getOpenAPI();
        this.schemas = new SchemaValidator(api, new MessageResolver());
        this.problemSchema = api.getComponents().getSchemas().get("Problem");
    }

    /** The contract as {@code docs/openapi.yaml} says it, read once. */
    public static ApiContract get() {
        ApiContract contract = instance;
        if (contract == null) {
            synchronized (ApiContract.class) {
                contract = instance;
                if (contract == null) {
                    contract = new ApiContract(read(DOCUMENT));
                    instance = contract;
                }
            }
        }
        return contract;
    }

    /** The document as written (OpenAPI 3.1). */
    public static JsonNode read(Path document) {
        try {
            return new YAMLMapper().readTree(Files.readAllBytes(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One request and its answer, as they went over the wire (header names in any case). */
    public record Exchange(String method, String target, Map<String, List<String>> requestHeaders, String requestBody,
                           int status, Map<String, List<String>> responseHeaders, String responseBody) {

        /** An exchange made with {@code java.net.http}. */
        public static Exchange of(HttpRequest request, HttpResponse<String> response) {
            URI uri = request.uri();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Exchange(request.method(), target, request.headers().map(), bodyOf(request),
                    response.statusCode(), response.headers().map(), response.body());
        }

        /** The body a request was built with, read back from its publisher. */
        private static String bodyOf(HttpRequest request) {
            return request.bodyPublisher().filter(p -> p.contentLength() != 0).map(publisher -> {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                CompletableFuture<String> done = new CompletableFuture<>();
                publisher.subscribe(new Flow.Subscriber<ByteBuffer>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(ByteBuffer item) {
                        byte[] chunk = new byte[item.remaining()];
                        item.get(chunk);
                        bytes.writeBytes(chunk);
                    }

                    @Override
                    public void onError(Throwable failure) {
                        done.completeExceptionally(failure);
                    }

                    @Override
                    public void onComplete() {
                        done.complete(bytes.toString(StandardCharsets.UTF_8));
                    }
                });
                try {
                    return done.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException("the request body could not be read back", e);
                }
            }).orElse(null);
        }
    }

    /**
     * Fails with the validator's report when the exchange breaks the contract.
     *
     * @param requestChecked false for a request sent malformed on purpose: only the answer is checked
     */
    public void check(Exchange exchange, boolean requestChecked) {
        List<String> violations = violations(exchange, requestChecked);
        if (!violations.isEmpty()) {
            throw new AssertionError("The exchange breaks docs/openapi.yaml:\n  - "
                    + String.join("\n  - ", violations) + "\n" + describe(exchange));
        }
    }

    /** What breaks the contract in the exchange; empty when nothing does. */
    public List<String> violations(Exchange exchange, boolean requestChecked) {
        List<String> violations = new ArrayList<>();
        String method = exchange.method().toUpperCase(Locale.ROOT);
        String rawPath = pathOf(exchange.target());
        Request.Method known = METHODS.contains(method) ? Request.Method.valueOf(method) : null;
        boolean operation = false;
        if (known != null) {
            ValidationReport requestReport = requests.validateRequest(request(known, exchange));
            operation = requestReport.getMessages().stream().noneMatch(m -> NOT_AN_OPERATION.contains(m.getKey()));
            if (operation && requestChecked && requestReport.hasErrors() && !refused(exchange)) {
                violations.add("the request breaks the document, and the hub answered " + exchange.status()
                        + " instead of refusing it: " + messages(requestReport));
            }
        }
        if (operation) {
            ValidationReport responseReport = responses.validateResponse(rawPath, known, response(exchange));
            if (responseReport.hasErrors()) {
                violations.add("the answer: " + messages(responseReport));
            }
        } else {
            notAnOperation(exchange, rawPath, violations);
        }
        if (startsWith(header(exchange.responseHeaders(), "Content-Type"), PROBLEM)) {
            problemConsistency(exchange, violations);
        }
        return violations;
    }

    /**
     * Whether the hub refused the request: a 4xx, or a 503 it answers before reading the request
     * (admission control, or a bearer token whose issuer cannot be reached).
     */
    private static boolean refused(Exchange exchange) {
        int status = exchange.status();
        String code = header(exchange.responseHeaders(), "X-Hub-Error");
        return status >= 400 && status <= 499
                || status == 503 && ("hub.overloaded".equals(code) || "hub.token_issuer_unavailable".equals(code));
    }

    /** A path or method the document does not have: the hub may only refuse it, under /api/ with a problem. */
    private void notAnOperation(Exchange exchange, String path, List<String> violations) {
        int status = exchange.status();
        if (status < 400) {
            violations.add(exchange.method() + " " + path + " is not an operation of the document, yet the hub "
                    + "answered " + status);
            return;
        }
        if (!path.startsWith(API_PREFIX)) {
            return;
        }
        String contentType = header(exchange.responseHeaders(), "Content-Type");
        if (!startsWith(contentType, PROBLEM)) {
            violations.add("a refusal under /api/ is a problem document (" + PROBLEM + "), not "
                    + (contentType == null ? "an answer without Content-Type" : contentType));
        }
        if (status == 405 && header(exchange.responseHeaders(), "Allow") == null) {
            violations.add("405 without the Allow header (components.responses.MethodNotAllowed)");
        }
    }

    /** A problem document's schema, and its members against the answer's status and headers. */
    private void problemConsistency(Exchange exchange, List<String> violations) {
        if (exchange.responseBody() == null || exchange.responseBody().isEmpty()) {
            if (!"HEAD".equalsIgnoreCase(exchange.method())) {
                violations.add("a problem answer without a body");
            }
            return;
        }
        ValidationReport report = schemas.validate(exchange.responseBody(), problemSchema, "response.body");
        if (report.hasErrors()) {
            violations.add("the problem document: " + messages(report));
        }
        JsonNode problem;
        try {
            problem = JSON.readTree(exchange.responseBody());
        } catch (IOException e) {
            violations.add("the problem document is not JSON");
            return;
        }
        String code = problem.path("code").asText(null);
        if (!Objects.equals(header(exchange.responseHeaders(), "X-Hub-Error"), code)) {
            violations.add("X-Hub-Error " + header(exchange.responseHeaders(), "X-Hub-Error") + " is not the code " + code);
        }
        if (problem.path("status").asInt() != exchange.status()) {
            violations.add("the problem's status " + problem.path("status") + " is not the HTTP status " + exchange.status());
        }
        if (!Objects.equals(header(exchange.responseHeaders(), "X-Correlation-Id"),
                problem.path("correlationId").asText(null))) {
            violations.add("X-Correlation-Id " + header(exchange.responseHeaders(), "X-Correlation-Id")
                    + " is not the problem's correlationId " + problem.path("correlationId"));
        }
    }

    private static SimpleRequest request(Request.Method method, Exchange exchange) {
        SimpleRequest.Builder request = new SimpleRequest.Builder(method, pathOf(exchange.target()));
        exchange.requestHeaders().forEach(request::withHeader);
        String query = queryOf(exchange.target());
        if (query != null && !query.isEmpty()) {
            Map<String, List<String>> parameters = new LinkedHashMap<>();
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                parameters.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            }
            parameters.forEach(request::withQueryParam);
        }
        if (exchange.requestBody() != null && !exchange.requestBody().isEmpty()) {
            request.withBody(exchange.requestBody());
        }
        return request.build();
    }

    private static SimpleResponse response(Exchange exchange) {
        SimpleResponse.Builder response = SimpleResponse.Builder.status(exchange.status());
        exchange.responseHeaders().forEach(response::withHeader);
        if (exchange.responseBody() != null && !exchange.responseBody().isEmpty()) {
            response.withBody(exchange.responseBody());
        }
        return response.build();
    }

    private static String decode(String value) {
        try {
            return URLDecoder.decode(value, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return value;
        }
    }

    static String pathOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? target : target.substring(0, query);
    }

    private static String queryOf(String target) {
        int query = target.indexOf('?');
        return query < 0 ? null : target.substring(query + 1);
    }

    private static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name) && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    private static boolean startsWith(String value, String prefix) {
        return value != null && value.toLowerCase(Locale.ROOT).startsWith(prefix);
    }

    private static String messages(ValidationReport report) {
        return report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "[" + m.getKey() + "] " + m.getMessage()
                        + (m.getAdditionalInfo().isEmpty() ? "" : " " + m.getAdditionalInfo()))
                .collect(Collectors.joining("; "));
    }

    private static String describe(Exchange exchange) {
        return "request: " + exchange.method() + " " + abbreviate(exchange.target()) + " "
                + exchange.requestHeaders().keySet() + (exchange.requestBody() == null ? ""
                : " body " + abbreviate(exchange.requestBody()))
                + "\nanswer: " + exchange.status() + " " + exchange.responseHeaders() + " "
                + abbreviate(exchange.responseBody());
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "";
        }
        return value.length() <= 2000 ? value : value.substring(0, 2000) + "…";
    }

    private static String write(JsonNode document) {
        try {
            return JSON.writeValueAsString(document);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- the OpenAPI 3.0 view of the 3.1 document --------------------------------------------------

    /** The document as OpenAPI 3.0.3, for a validator that reads 3.0 schemas; with closed objects for answers. */
    static ObjectNode openApi30(JsonNode document, boolean closeObjects) {
        ObjectNode root = document.deepCopy();
        return new Downgrade(root, closeObjects).run();
    }

    private static final class Downgrade {

        private final ObjectNode root;
        private final boolean closeObjects;
        private final Map<String, ObjectNode> converted = new HashMap<>();
        private final Set<String> mutualTls = new HashSet<>();

        Downgrade(ObjectNode root, boolean closeObjects) {
            this.root = root;
            this.closeObjects = closeObjects;
        }

        ObjectNode run() {
            root.put("openapi", "3.0.3");
            root.remove("jsonSchemaDialect");
            root.remove("webhooks");
            ObjectNode info = (ObjectNode) root.path("info");
            info.remove("summary");
            if (info.path("license").isObject()) {
                ((ObjectNode) info.get("license")).remove("identifier");
            }
            JsonNode components = root.path("components");
            JsonNode schemes = components.path("securitySchemes");
            if (schemes.isObject()) {
                List<String> names = new ArrayList<>();
                schemes.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    if ("mutualTLS".equals(schemes.get(name).path("type").asText())) {
                        mutualTls.add(name);
                        ((ObjectNode) schemes).remove(name);
                    }
                }
            }
            security(root);
            JsonNode schemas = components.path("schemas");
            if (schemas.isObject()) {
                List<String> names = new ArrayList<>();
                schemas.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    ((ObjectNode) schemas).set(name, component(name));
                }
            }
            each(components.path("parameters"), this::parameter);
            each(components.path("headers"), this::header);
            each(components.path("responses"), this::response);
            each(components.path("requestBodies"), this::content);
            each(root.path("paths"), this::pathItem);
            return root;
        }

        private void pathItem(JsonNode item) {
            each(item.path("parameters"), this::parameter);
            item.fields().forEachRemaining(entry -> {
                if (METHODS.contains(entry.getKey().toUpperCase(Locale.ROOT))) {
                    JsonNode operation = entry.getValue();
                    security(operation);
                    each(operation.path("parameters"), this::parameter);
                    content(operation.path("requestBody"));
                    each(operation.path("responses"), this::response);
                }
            });
        }

        /** Leaves the schemes 3.0 lacks out of a security requirement list. */
        private void security(JsonNode holder) {
            JsonNode security = holder.path("security");
            if (!security.isArray()) {
                return;
            }
            Iterator<JsonNode> requirements = security.elements();
            while (requirements.hasNext()) {
                JsonNode requirement = requirements.next();
                if (requirement.size() > 0 && mutualTls.containsAll(fieldNames(requirement))) {
                    requirements.remove();
                }
            }
        }

        private void parameter(JsonNode parameter) {
            replaceSchema(parameter);
            each(parameter.path("content"), this::replaceSchema);
        }

        private void header(JsonNode header) {
            replaceSchema(header);
        }

        private void response(JsonNode response) {
            each(response.path("headers"), this::header);
            content(response);
        }

        private void content(JsonNode holder) {
            each(holder.path("content"), this::replaceSchema);
        }

        private void replaceSchema(JsonNode holder) {
            if (holder.isObject() && holder.has("schema")) {
                ((ObjectNode) holder).set("schema", schema(holder.get("schema")));
            }
        }

        /** A component schema, converted once (a nullable reference inlines it). */
        private ObjectNode component(String name) {
            ObjectNode done = converted.get(name);
            if (done == null) {
                done = schema(root.path("components").path("schemas").path(name));
                converted.put(name, done);
            }
            return done;
        }

        private ObjectNode schema(JsonNode node) {
            if (!node.isObject()) {
                throw new IllegalArgumentException("not a schema: " + node);
            }
            ObjectNode schema = (ObjectNode) node;
            if (schema.has("$ref")) {
                ObjectNode reference = JSON.createObjectNode();
                reference.set("$ref", schema.get("$ref"));
                return reference;
            }
            ObjectNode nullableReference = nullableReference(schema);
            if (nullableReference != null) {
                return nullableReference;
            }
            ObjectNode out = schema.deepCopy();
            JsonNode type = out.get("type");
            if (type != null && type.isArray()) {
                List<String> types = new ArrayList<>();
                type.forEach(t -> types.add(t.asText()));
                boolean nullable = types.remove("null");
                if (types.size() == 1) {
                    out.put("type", types.get(0));
                } else {
                    // several types: 3.0 says it with anyOf
                    out.remove("type");
                    ArrayNode anyOf = out.putArray("anyOf");
                    types.forEach(t -> anyOf.addObject().put("type", t));
                }
                if (nullable) {
                    out.put("nullable", true);
                }
            }
            if (out.has("examples") && out.get("examples").isArray()) {
                JsonNode examples = out.remove("examples");
                if (!examples.isEmpty()) {
                    out.set("example", examples.get(0));
                }
            }
            if (out.has("const")) {
                out.putArray("enum").add(out.remove("const"));
            }
            // JSON Schema keywords OpenAPI 3.0 does not have (its validator would refuse the document)
            out.remove(List.of("propertyNames", "contentMediaType", "contentEncoding", "$comment"));
            JsonNode properties = out.path("properties");
            if (properties.isObject()) {
                List<String> names = new ArrayList<>();
                properties.fieldNames().forEachRemaining(names::add);
                for (String name : names) {
                    ((ObjectNode) properties).set(name, schema(properties.get(name)));
                }
                if (closeObjects && !out.has("additionalProperties")) {
                    out.put("additionalProperties", false);
                }
            }
            if (out.path("items").isObject()) {
                out.set("items", schema(out.get("items")));
            }
            if (out.path("additionalProperties").isObject()) {
                out.set("additionalProperties", schema(out.get("additionalProperties")));
            }
            for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
                if (out.path(combinator).isArray()) {
                    ArrayNode all = (ArrayNode) out.get(combinator);
                    for (int i = 0; i < all.size(); i++) {
                        all.set(i, schema(all.get(i)));
                    }
                }
            }
            if (out.path("not").isObject()) {
                out.set("not", schema(out.get("not")));
            }
            return out;
        }

        /** {@code oneOf: [{$ref: X}, {type: 'null'}]}: X, inlined, nullable (3.0 cannot mark a reference nullable). */
        private ObjectNode nullableReference(ObjectNode schema) {
            for (String combinator : List.of("oneOf", "anyOf")) {
                JsonNode all = schema.path(combinator);
                if (!all.isArray() || all.size() != 2) {
                    continue;
                }
                JsonNode reference = null;
                boolean nullAllowed = false;
                for (JsonNode alternative : all) {
                    if (alternative.has("$ref")) {
                        reference = alternative;
                    } else if ("null".equals(alternative.path("type").asText()) && alternative.size() == 1) {
                        nullAllowed = true;
                    }
                }
                String prefix = "#/components/schemas/";
                if (reference != null && nullAllowed && reference.get("$ref").asText().startsWith(prefix)) {
                    ObjectNode inlined = component(reference.get("$ref").asText().substring(prefix.length())).deepCopy();
                    inlined.put("nullable", true);
                    if (schema.has("description")) {
                        inlined.set("description", schema.get("description"));
                    }
                    return inlined;
                }
            }
            return null;
        }

        private static List<String> fieldNames(JsonNode node) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        private static void each(JsonNode container, Consumer<JsonNode> action) {
            if (container.isObject() || container.isArray()) {
                container.forEach(action);
            }
        }
    }
}
