package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.support.ApiContract;
import vn.lgsp.hub.support.FuzzSeed;
import vn.lgsp.hub.support.HubIT;

/**
 * A schema-driven, property-based pass over the contract: every operation of {@code docs/openapi.yaml},
 * with every identity (none, an unknown key, each development client), with parameters and bodies
 * generated from the operation's schemas, then mutated (a value out of its pattern, format or range, the
 * wrong JSON type, a required member left out, hostile text). Whatever is sent:
 * <ul>
 *   <li>the answer is one the document describes for the operation: status, headers, media type and
 *       schema ({@link HubIT#sendUnchecked}, checked by {@link ApiContract});</li>
 *   <li>no 5xx, but the source errors the document gives a lookup (502, 503, 504);</li>
 *   <li>every refusal is problem+json with a code of the contract, in {@code X-Hub-Error} too;</li>
 *   <li>no refused request reaches a national database (each request's correlation id is followed);</li>
 *   <li>no identifier or name the pass sent is in the log.</li>
 * </ul>
 * The build runs a fixed seed ({@link FuzzSeed}); {@code -Dfuzz.seed=random} explores new inputs, and
 * {@code -Dfuzz.seed=<the seed in its message>} replays a failure.
 */
@ExtendWith(OutputCaptureExtension.class)
class ContractFuzzIT extends HubIT {

    private static final int ROUNDS = 6;
    private static final String LAND_REGISTRATION_KEY = "dev-land-registration-key";
    /** Every identity a request may carry: none, an unknown key, and each development client. */
    private static final List<String> KEYS = Arrays.asList(null, "not-a-key", PROVINCIAL_KEY, LAND_OFFICE_KEY,
            LAND_REGISTRATION_KEY, AUDITOR_KEY, ADMIN_KEY);
    private static final Set<String> SOURCE_ERRORS = Set.of("source.bad_response", "source.unavailable",
            "source.timeout", "hub.ledger_unavailable");
    private static final Set<String> CODES = Arrays.stream(ErrorCode.values()).map(ErrorCode::code)
            .collect(Collectors.toSet());
    private static final List<String> HOSTILE = List.of("' OR '1'='1", "../../etc/passwd", "${header.X-API-Key}",
            "<x/>", "\u0000", "\u202e", "\uff10\uff11\uff12", "a".repeat(300), "", " ", "null", "-1", "1e309",
            "%00", "0x1F", "\u0110\u01a0N");
    private static final List<String> FIXTURE_IDS = List.of("074085000123", "079190004567", "001201000789",
            "074085999999", "074085000500", "0100233488", "3701453620-001", "25747", "12", "345", "25747-12-345");
    private static final Pattern PERSONAL = Pattern.compile("[0-9]{12}");
    /** The path parameter of {@code /api/v1/admin/dead-letters/{id}/replay}. */
    private static final String DEAD_LETTER_ID = "id";
    private static final Set<String> LOOKUPS = Set.of("getCitizen", "getEnterprise", "getLandParcel", "lookupSubject");
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT);

    private static long seed;
    private static JsonNode document;

    @Autowired
    private CamelContext camel;

    private final Set<String> sentPersonal = new HashSet<>();
    /** Values also sent as a dead letter's id (which the mutations may draw as a personal ID elsewhere). */
    private final Set<String> sentAsDeadLetterId = new HashSet<>();

    @BeforeAll
    static void readTheContract() {
        seed = FuzzSeed.get();
        document = ApiContract.read(ApiContract.DOCUMENT);
        System.out.println("ContractFuzzIT seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    }

    private final LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());

    @BeforeEach
    void noRateLimitsAndTheHubLoggingAtInfo() {
        logging.setLogLevel("vn.lgsp.hub", LogLevel.INFO);
        logging.setLogLevel("AUDIT", LogLevel.INFO);
        for (String client : List.of("provincial-ap-system", "land-office", "land-registration-office", "inspectorate",
                "hub-admin")) {
            rateLimits.limit(client, 1_000_000);
        }
    }

    /** What an administrator's operation may have changed: routes stopped, sources changed. */
    @AfterEach
    void restore() throws Exception {
        logging.setLogLevel("vn.lgsp.hub", LogLevel.WARN);
        logging.setLogLevel("AUDIT", null);
        for (String id : List.of("source.citizens.fetch", "source.enterprises.fetch", "source.land.fetch")) {
            if (camel.getRouteController().getRouteStatus(id) == ServiceStatus.Stopped) {
                camel.getRouteController().startRoute(id);
            }
        }
        sources.restoreConfigured();
    }

    @Test
    void everyOperationWithEveryIdentityAnswersAsTheContractSays(CapturedOutput output) {
        Random random = new Random(seed);
        Map<String, Integer> refusedByCorrelation = new HashMap<>();
        Map<String, Integer> statuses = new java.util.TreeMap<>();
        int sent = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields(); operations.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = operations.next();
                String method = entry.getKey().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "PUT", "POST", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                JsonNode operation = entry.getValue();
                String operationId = operation.path("operationId").asText();
                List<JsonNode> parameters = parameters(path.getValue(), operation);
                for (String key : KEYS) {
                    for (int round = 0; round < ROUNDS; round++) {
                        String correlationId = "cf-" + RUN + "-" + (++sent);
                        boolean mutate = round > 0 && random.nextInt(3) > 0;
                        HttpRequest request = request(random, path.getKey(), method, operation, parameters, key,
                                correlationId, mutate);
                        String what = String.format("seed %d, %s %s as %s (%s): %s", seed, method,
                                printable(request.uri().getRawPath() + (request.uri().getRawQuery() == null ? ""
                                        : "?" + request.uri().getRawQuery())), key, operationId, correlationId);
                        Response response = sendUnchecked(request);
                        int status = response.status();
                        statuses.merge(operationId + " " + status, 1, Integer::sum);
                        if (status >= 400) {
                            assertThat(response.header("Content-Type")).as("%s: a problem", what)
                                    .startsWith("application/problem+json");
                            String code = response.json().path("code").asText();
                            assertThat(code).as("%s: code", what).isIn(CODES);
                            assertThat(response.header("X-Hub-Error")).as("%s: X-Hub-Error", what).isEqualTo(code);
                            if (status >= 500) {
                                assertThat(LOOKUPS).as("%s: a 5xx (%s) is a lookup's source error only", what, code)
                                        .contains(operationId);
                                assertThat(code).as("%s: 5xx code", what).isIn(SOURCE_ERRORS);
                            } else if (!code.startsWith("source.")) {
                                // refused by the hub (404 source.not_found is the database's own answer)
                                refusedByCorrelation.put(correlationId, status);
                            }
                        }
                    }
                }
            }
        }
        List<String> refusedUpstream = MOCKS.getAllServeEvents().stream()
                .filter(event -> HostileInputIT.NATIONAL_DATABASES.stream().anyMatch(event.getRequest().getUrl()::startsWith))
                .map(event -> event.getRequest().getHeader("X-Correlation-Id"))
                .filter(refusedByCorrelation::containsKey).toList();
        assertThat(refusedUpstream).as("seed %d: refused requests that reached a national database", seed).isEmpty();
        // the hub's log lines; the test's own WireMock reports its unmatched requests with their URLs
        String log = output.getAll().lines().filter(line -> !line.toLowerCase(Locale.ROOT).contains("wiremock")
                && !line.contains("c.g.t.w.")).collect(Collectors.joining("\n"));
        assertThat(sentPersonal.stream().filter(value -> !sentAsDeadLetterId.contains(value)).filter(value -> Pattern.compile("(?<![0-9])" + Pattern.quote(value)
                + "(?![0-9])").matcher(log).find()).toList())
                .as("seed %d: identifiers the pass sent, found in the log", seed).isEmpty();
        assertThat(statuses.keySet()).as("every operation answered at least once with a 2xx")
                .anyMatch(s -> s.endsWith(" 200") || s.endsWith(" 202"));
        System.out.printf("ContractFuzzIT: %d requests, answers by operation and status: %s%n", sent, statuses);
    }

    private HttpRequest request(Random random, String template, String method, JsonNode operation,
                                List<JsonNode> parameters, String key, String correlationId, boolean mutate) {
        String path = template;
        List<String> query = new ArrayList<>();
        Map<String, String> headers = new LinkedHashMap<>();
        for (JsonNode parameter : parameters) {
            String name = parameter.path("name").asText();
            String in = parameter.path("in").asText();
            if (name.equals("X-Correlation-Id") || name.equals("X-API-Key")) {
                continue;
            }
            boolean required = parameter.path("required").asBoolean(false) || in.equals("path");
            if (!required && random.nextBoolean()) {
                continue;
            }
            if (mutate && in.equals("header") && random.nextInt(6) == 0) {
                continue;
            }
            JsonNode schema = resolve(parameter.path("schema"));
            String value = text(random, schema, exampleOf(parameter, schema), mutate && random.nextInt(3) == 0);
            if (DEAD_LETTER_ID.equals(name)) {
                // a dead letter's id is the hub's own message id, which the audit trail names by design
                sentAsDeadLetterId.add(value);
            } else {
                remember(value);
            }
            switch (in) {
                case "path" -> path = path.replace("{" + name + "}", encode(value.isEmpty() ? "x" : value));
                case "query" -> query.add(encode(name) + "=" + encode(value));
                case "header" -> headers.put(name, headerSafe(value));
                default -> { }
            }
        }
        String target = path + (query.isEmpty() ? "" : "?" + String.join("&", query));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
                .timeout(Duration.ofSeconds(30)).header("X-Correlation-Id", correlationId);
        if (key != null) {
            request.header("X-API-Key", key);
        }
        headers.forEach(request::header);
        JsonNode body = operation.path("requestBody").path("content").path("application/json");
        if (body.isMissingNode()) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        JsonNode schema = resolve(body.path("schema"));
        List<JsonNode> examples = new ArrayList<>();
        if (body.has("example")) {
            examples.add(body.get("example"));
        }
        body.path("examples").forEach(example -> examples.add(example.path("value")));
        // the document's examples are valid requests; the schema alone gives mostly invalid ones
        JsonNode value = !examples.isEmpty() && random.nextInt(4) > 0
                ? examples.get(random.nextInt(examples.size())).deepCopy() : generate(random, schema, 0);
        if (mutate) {
            value = mutateValue(random, value, schema, 0);
        }
        rememberAll(value);
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(value.toString())).build();
    }

    private List<JsonNode> parameters(JsonNode pathItem, JsonNode operation) {
        List<JsonNode> all = new ArrayList<>();
        pathItem.path("parameters").forEach(p -> all.add(resolve(p)));
        operation.path("parameters").forEach(p -> all.add(resolve(p)));
        return all;
    }

    private static JsonNode exampleOf(JsonNode parameter, JsonNode schema) {
        if (parameter.has("example")) {
            return parameter.get("example");
        }
        if (parameter.has("examples") && parameter.get("examples").size() > 0) {
            JsonNode first = parameter.get("examples").elements().next();
            return first.has("value") ? first.get("value") : first;
        }
        if (schema.has("examples") && schema.get("examples").size() > 0) {
            return schema.get("examples").get(0);
        }
        return schema.get("example");
    }

    /** A value for a string-like parameter: its example or enum, or one broken on purpose. */
    private String text(Random random, JsonNode schema, JsonNode example, boolean broken) {
        if (broken) {
            return switch (random.nextInt(4)) {
                case 0 -> HOSTILE.get(random.nextInt(HOSTILE.size()));
                case 1 -> example == null ? "x" : mutateText(random, example.asText());
                case 2 -> "9".repeat(1 + random.nextInt(20));
                default -> FIXTURE_IDS.get(random.nextInt(FIXTURE_IDS.size()));
            };
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size())).asText();
        }
        if (example != null && !example.isNull()) {
            return example.asText();
        }
        String type = type(schema);
        return switch (type) {
            case "integer" -> Integer.toString(schema.path("minimum").asInt(0) + random.nextInt(10));
            case "boolean" -> Boolean.toString(random.nextBoolean());
            default -> schema.has("format") && schema.get("format").asText().equals("date") ? "2026-11-20"
                    : FIXTURE_IDS.get(random.nextInt(FIXTURE_IDS.size()));
        };
    }

    private static String mutateText(Random random, String text) {
        if (text.isEmpty()) {
            return "x";
        }
        int at = random.nextInt(text.length());
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + (char) ('0' + random.nextInt(10)) + text.substring(at + 1);
            default -> text + text.charAt(at);
        };
    }

    /** A JSON value of the schema: required members always, the others at random. */
    private JsonNode generate(Random random, JsonNode schema, int depth) {
        schema = resolve(schema);
        JsonNodeFactory f = JsonNodeFactory.instance;
        JsonNode example = exampleOf(f.objectNode(), schema);
        if (schema.has("oneOf") || schema.has("anyOf")) {
            JsonNode options = schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf");
            for (JsonNode option : options) {
                if (!"null".equals(type(resolve(option)))) {
                    return generate(random, option, depth + 1);
                }
            }
        }
        if (schema.has("enum") && schema.get("enum").size() > 0) {
            return schema.get("enum").get(random.nextInt(schema.get("enum").size()));
        }
        if (example != null && !schema.has("properties")) {
            return example;
        }
        return switch (type(schema)) {
            case "object" -> {
                ObjectNode object = f.objectNode();
                Set<String> required = new HashSet<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                for (Iterator<Map.Entry<String, JsonNode>> p = schema.path("properties").fields(); p.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = p.next();
                    if (depth < 4 && (required.contains(property.getKey()) || random.nextBoolean())) {
                        object.set(property.getKey(), generate(random, property.getValue(), depth + 1));
                    }
                }
                yield object;
            }
            case "array" -> {
                ArrayNode array = f.arrayNode();
                int items = depth < 4 ? random.nextInt(3) : 0;
                for (int i = 0; i < items; i++) {
                    array.add(generate(random, schema.path("items"), depth + 1));
                }
                yield array;
            }
            case "integer" -> f.numberNode(schema.path("minimum").asInt(0) + random.nextInt(3));
            case "number" -> f.numberNode(random.nextDouble() * 100);
            case "boolean" -> f.booleanNode(random.nextBoolean());
            case "null" -> f.nullNode();
            default -> f.textNode(schema.has("format") && schema.get("format").asText().equals("date")
                    ? "2026-11-20" : schema.has("format") && schema.get("format").asText().equals("date-time")
                    ? "2026-11-20T08:15:00+07:00" : FIXTURE_IDS.get(random.nextInt(FIXTURE_IDS.size())));
        };
    }

    /** One mutation somewhere in the value: the wrong type, a member left out or added, hostile text. */
    private JsonNode mutateValue(Random random, JsonNode value, JsonNode schema, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof ObjectNode object && object.size() > 0 && depth < 4 && random.nextInt(3) > 0) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(4)) {
                case 0 -> object.remove(name);
                case 1 -> object.put("unexpected" + random.nextInt(10), HOSTILE.get(random.nextInt(HOSTILE.size())));
                default -> object.set(name, mutateValue(random, object.get(name),
                        resolve(schema.path("properties").path(name)), depth + 1));
            }
            return object;
        }
        if (value instanceof ArrayNode array && array.size() > 0 && random.nextBoolean()) {
            int i = random.nextInt(array.size());
            array.set(i, mutateValue(random, array.get(i), resolve(schema.path("items")), depth + 1));
            return array;
        }
        return switch (random.nextInt(8)) {
            case 0 -> f.textNode(value.isTextual() ? mutateText(random, value.asText()) : value.toString());
            case 1 -> f.numberNode(random.nextInt(1000) - 500);
            case 2 -> f.booleanNode(random.nextBoolean());
            case 3 -> f.nullNode();
            case 4 -> f.objectNode().put("$gt", 0);
            case 5 -> f.arrayNode().add(value);
            case 6 -> f.textNode(HOSTILE.get(random.nextInt(HOSTILE.size())));
            default -> f.numberNode(1.5);
        };
    }

    private JsonNode resolve(JsonNode node) {
        for (int i = 0; i < 10 && node.has("$ref"); i++) {
            String ref = node.get("$ref").asText();
            JsonNode target = document;
            for (String part : ref.substring(2).split("/")) {
                target = target.path(part.replace("~1", "/").replace("~0", "~"));
            }
            node = target;
        }
        return node;
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!"null".equals(t.asText())) {
                    return t.asText();
                }
            }
            return "null";
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : "string";
    }

    private void remember(String value) {
        if (PERSONAL.matcher(value).matches()) {
            sentPersonal.add(value);
        }
    }

    private void rememberAll(JsonNode value) {
        if (value.isTextual()) {
            remember(value.asText());
            if (value.asText().length() > 8 && value.asText().contains(" ")) {
                // a name, as a person's would be
                sentPersonal.add(value.asText());
            }
        }
        value.forEach(this::rememberAll);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** java.net.http sends header values of visible ASCII and spaces only: anything else is replaced. */
    private static String headerSafe(String value) {
        StringBuilder safe = new StringBuilder();
        for (char c : value.toCharArray()) {
            safe.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return safe.toString().strip().isEmpty() ? "?" : safe.toString().strip();
    }

    private static String printable(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }
}
