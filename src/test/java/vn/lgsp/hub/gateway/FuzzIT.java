package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.time.LocalDate;
import java.time.Year;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.FuzzSeed;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.Identifiers;

/**
 * Issue 5, fuzz: thousands of generated lookups and JSON bodies, each judged by the rules of
 * docs/api.md and docs/domain.md written out in the test ({@link Identifiers} and the models below). An
 * invalid input is answered 400 in problem+json and leaves no trace upstream or in the database;
 * a valid one gets what the fixtures serve; nothing is ever answered 5xx. Each request carries
 * its own correlation id, which the hub passes on to the national databases, so every upstream
 * call is traced back to the request that caused it.
 * The build runs a fixed seed ({@link FuzzSeed}); {@code -Dfuzz.seed=random} explores new inputs, and
 * {@code -Dfuzz.seed=<the seed in its message>} replays a failure.
 */
class FuzzIT extends HubIT {

    private static final int LOOKUPS_PER_SOURCE = 400;
    private static final int DOSSIERS = 450;
    private static final int EVENTS = 200;
    private static final int CERTIFICATES = 350;

    private static final ZoneId BUSINESS_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Pattern REFERENCE = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern PROCEDURE_CODE = Pattern.compile("[0-9]\\.[0-9]{6}");
    private static final Pattern OTHER_ID = Pattern.compile("[A-Za-z0-9./-]{1,64}");
    private static final Set<String> CHANNELS = Set.of("IN_PERSON", "ONLINE", "POST");
    private static final Set<String> STATUSES = Set.of("RECEIVED", "PROCESSING", "SUPPLEMENT_REQUESTED", "RESOLVED",
            "RETURNED", "CANCELLED");
    /** Instants as a caller may send them, and whether the contract accepts them. */
    private static final Map<String, Boolean> INSTANTS = Map.ofEntries(Map.entry("2026-11-20T08:15:00+07:00", true),
            Map.entry("2026-11-20T01:15:00Z", true), Map.entry("1999-12-31T23:59:59.999-05:00", true),
            Map.entry("9999-01-01T00:00:00Z", true), Map.entry("1900-06-01T00:00:00+07:00", true),
            Map.entry("1899-12-31T00:00:00Z", false), Map.entry("+10000-01-01T00:00:00Z", false),
            Map.entry("+999999999-12-31T23:59:59-18:00", false), Map.entry("-999999999-01-01T00:00:00+18:00", false),
            Map.entry("2026-13-01T00:00:00Z", false), Map.entry("2026-11-20T08:15:00", false),
            Map.entry("2026-11-20", false), Map.entry("now", false), Map.entry("2026-11-20T08:15:00+25:00", false));
    private static final Map<String, Boolean> BIRTH_DATES = Map.of("1985-03-14", true, "2000-02-29", true,
            "1985-02-30", false, "1900-02-29", false, "2999-01-01", false, "85-03-14", false, "1985-3-14", false,
            "\uff11\uff19\uff18\uff15-03-14", false, "1985-03-14T00:00:00Z", false, "", false);
    /** Subjects whose fixtures answer slowly or with an error: a fuzz run does not ask for them. */
    private static final Set<String> SPECIAL = Set.of("074085000500", "074085000504", "074085000502", "3700987651",
            "3700987669", "3700987676", "25747/99/500", "25747/99/504", "25747/99/502");
    private static final Set<String> FOUND = Set.of("074085000123", "079190004567", "001201000789", "0100233488",
            "3701453620", "3701453620-001", "3702004561", "0101234565", "25747/12/345", "26734/5/78");
    private static final List<String> HOSTILE_TEXT = List.of("' OR '1'='1", "<x/>", "${header.X-API-Key}", "../../etc",
            "\u0000", "\r\nX: y", "\uff10\uff11", "\u202e", "a".repeat(65), "online", "RECEIVED ", "");

    private static long seed;
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(Locale.ROOT);

    @BeforeAll
    static void chooseSeed() {
        seed = FuzzSeed.get();
        System.out.println("FuzzIT seed: " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
    }

    @BeforeEach
    void noRateLimit() {
        rateLimits.limit("provincial-ap-system", 1_000_000);
    }

    @Test
    void lookups() {
        Random random = new Random(seed);
        int year = Year.now(BUSINESS_ZONE).getValue();
        Set<String> expectedUpstream = new HashSet<>();
        int valid = 0;
        for (String source : List.of("citizens", "enterprises", "land")) {
            for (int i = 0; i < LOOKUPS_PER_SOURCE; i++) {
                String[] subject = subject(random, source, year);
                boolean isValid = switch (source) {
                    case "citizens" -> Identifiers.validPersonalId(subject[0], year);
                    case "enterprises" -> Identifiers.validEnterpriseCode(subject[0]);
                    default -> Identifiers.validLandParcel(subject[0], subject[1], subject[2]);
                };
                String key = isValid && source.equals("land")
                        ? subject[0] + "/" + Integer.parseInt(subject[1]) + "/" + Integer.parseInt(subject[2])
                        : String.join("/", subject);
                if (SPECIAL.contains(key)) {
                    continue;
                }
                String correlationId = "fz-" + RUN + "-" + source + "-" + i;
                String path = "/api/v1/" + (source.equals("land") ? "land-parcels" : source) + "/"
                        + java.util.Arrays.stream(subject).map(HostileInputIT::enc).collect(Collectors.joining("/"));
                Response response = get(path, PROVINCIAL_KEY, "X-Dossier-Id", "FZ-" + RUN, "X-Procedure-Code",
                        "1.001612", "X-Correlation-Id", correlationId);
                String what = String.format("seed %d, %s %s", seed, source, printable(String.join("/", subject)));
                if (isValid) {
                    valid++;
                    expectedUpstream.add(correlationId);
                    if (FOUND.contains(key)) {
                        assertThat(response.status()).as("%s: status (%s)", what, response.body()).isEqualTo(200);
                    } else {
                        assertProblem(what, response, 404, Set.of("source.not_found"));
                    }
                } else {
                    String code = "client.invalid_" + switch (source) {
                        case "citizens" -> "personal_id";
                        case "enterprises" -> "enterprise_code";
                        default -> "land_parcel";
                    };
                    boolean plain = java.util.Arrays.stream(subject).allMatch(FuzzIT::plainSegment);
                    if (java.util.Arrays.stream(subject).anyMatch(String::isEmpty)) {
                        // an empty segment is another path: no such resource, or refused as not normalised
                        assertProblem(what, response, response.status() == 404 ? 404 : 400,
                                Set.of("client.not_found", "client.invalid_request", code));
                    } else {
                        assertProblem(what, response, 400, plain ? Set.of(code) : Set.of(code, "client.invalid_request"));
                    }
                }
            }
        }
        Set<String> upstream = MOCKS.getAllServeEvents().stream()
                .filter(event -> HostileInputIT.NATIONAL_DATABASES.stream().anyMatch(event.getRequest().getUrl()::startsWith))
                .map(event -> event.getRequest().getHeader("X-Correlation-Id"))
                .filter(id -> id != null && id.startsWith("fz-" + RUN + "-"))
                .collect(Collectors.toSet());
        assertThat(upstream).as("seed %d: the lookups that reached a national database are the valid ones", seed)
                .isEqualTo(expectedUpstream);
        assertThat(valid).as("seed %d: valid lookups generated", seed).isPositive();
        System.out.printf("FuzzIT lookups: %d valid of %d%n", valid, 3 * LOOKUPS_PER_SOURCE);
    }

    @Test
    void dossierDocuments() {
        Random random = new Random(seed + 1);
        int year = Year.now(BUSINESS_ZONE).getValue();
        Set<String> expectedStored = new HashSet<>();
        for (int i = 0; i < DOSSIERS; i++) {
            ObjectNode document = dossier(random, year);
            int mutations = random.nextInt(4);
            for (int m = 0; m < mutations; m++) {
                mutateDossier(random, document, year);
            }
            Verdict verdict = dossierVerdict(document, year);
            String dossierId = "FZ-" + RUN + "-D" + i;
            Response response = putDossier(dossierId, document.toString(), PROVINCIAL_KEY);
            String what = String.format("seed %d, dossier %s", seed, printable(document.toString()));
            if (verdict.valid) {
                expectedStored.add(dossierId);
                assertThat(response.status()).as("%s: status (%s)", what, response.body()).isEqualTo(202);
            } else {
                assertProblem(what, response, 400, verdict.codes);
            }
        }
        assertThat(Set.copyOf(jdbc.queryForList("SELECT dossier_id FROM dossier WHERE dossier_id LIKE ?", String.class,
                "FZ-" + RUN + "-D%"))).as("seed %d: the dossiers stored are the valid ones", seed).isEqualTo(expectedStored);
        assertThat(expectedStored).as("seed %d: valid dossiers generated", seed).isNotEmpty();
    }

    @Test
    void dossierEvents() {
        Random random = new Random(seed + 2);
        String dossierId = "FZ-" + RUN + "-EV";
        assertThat(putDossier(dossierId, dossier(random, 2026).toString(), PROVINCIAL_KEY).status()).isEqualTo(202);
        int accepted = 0;
        List<String> statuses = List.of("PROCESSING", "SUPPLEMENT_REQUESTED", "RESOLVED", "RETURNED", "CANCELLED",
                "RECEIVED", "processing", "DONE");
        for (int i = 0; i < EVENTS; i++) {
            ObjectNode event = JsonNodeFactory.instance.objectNode();
            int statusChoice = random.nextInt(statuses.size() + 2);
            if (statusChoice < statuses.size()) {
                event.put("status", statuses.get(statusChoice));
            } else if (statusChoice == statuses.size()) {
                event.set("status", hostileValue(random));
            }
            List<String> instants = List.copyOf(new java.util.TreeSet<>(INSTANTS.keySet()));
            int atChoice = random.nextInt(instants.size() + 2);
            if (atChoice < instants.size()) {
                event.put("at", instants.get(atChoice));
            } else if (atChoice == instants.size()) {
                event.set("at", hostileValue(random));
            }
            if (random.nextInt(5) == 0) {
                event.put("x-" + random.nextInt(100), Identifiers.noise(random, 10));
            }
            JsonNode status = event.get("status");
            JsonNode at = event.get("at");
            boolean valid = status != null && status.isTextual() && STATUSES.contains(status.asText())
                    && !status.asText().equals("RECEIVED") && at != null && at.isTextual()
                    && INSTANTS.getOrDefault(at.asText(), false);
            Response response = send(HttpRequest.newBuilder(uri("/api/v1/dossiers/" + dossierId + "/events"))
                    .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(event.toString())).build());
            String what = String.format("seed %d, event %s", seed, printable(event.toString()));
            if (valid) {
                assertThat(response.status()).as("%s: status (%s)", what, response.body()).isIn(202, 409);
                if (response.status() == 202) {
                    accepted++;
                } else {
                    assertProblem(what, response, 409, Set.of("client.conflict"));
                }
            } else {
                assertProblem(what, response, 400, Set.of("client.invalid_request"));
            }
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dossier_event WHERE dossier_id = ?", Integer.class,
                dossierId)).as("seed %d: the events stored are the accepted ones", seed).isEqualTo(accepted);
    }

    @Test
    void criminalRecordRequests() {
        Random random = new Random(seed + 3);
        int year = Year.now(BUSINESS_ZONE).getValue();
        Set<String> expectedStored = new HashSet<>();
        for (int i = 0; i < CERTIFICATES; i++) {
            ObjectNode request = certificateRequest(random, year);
            Verdict verdict = certificateVerdict(request, year);
            // the criminal-records mock issues a certificate for a dossier named LLTP-ISSUED-…
            String dossierId = "LLTP-ISSUED-FZ-" + RUN + "-C" + i;
            Response response = send(HttpRequest.newBuilder(uri("/api/v1/criminal-record-requests"))
                    .header("X-API-Key", PROVINCIAL_KEY).header("Content-Type", "application/json")
                    .header("X-Dossier-Id", dossierId).header("X-Procedure-Code", "1.001612")
                    .POST(HttpRequest.BodyPublishers.ofString(request.toString())).build());
            String what = String.format("seed %d, certificate request %s", seed, printable(request.toString()));
            if (verdict.valid) {
                expectedStored.add(dossierId);
                assertThat(response.status()).as("%s: status (%s)", what, response.body()).isEqualTo(202);
            } else {
                assertProblem(what, response, 400, verdict.codes);
            }
        }
        assertThat(Set.copyOf(jdbc.queryForList("SELECT dossier_id FROM criminal_record_request WHERE dossier_id LIKE ?",
                String.class, "LLTP-ISSUED-FZ-" + RUN + "-C%"))).as("seed %d: the requests stored are the valid ones", seed)
                .isEqualTo(expectedStored);
        assertThat(expectedStored).as("seed %d: valid requests generated", seed).isNotEmpty();
    }

    // --- lookups

    private static String[] subject(Random random, String source, int year) {
        int kind = random.nextInt(8);
        if (source.equals("land")) {
            String[] parts = kind == 0 ? (random.nextBoolean() ? new String[] {"25747", "12", "345"} : new String[] {"26734", "5", "78"})
                    : new String[] {Identifiers.digits(random, 5), String.valueOf(1 + random.nextInt(999)),
                        String.valueOf(1 + random.nextInt(99_999))};
            if (kind > 2) {
                int part = random.nextInt(3);
                parts[part] = kind == 3 ? Identifiers.noise(random, 12) : Identifiers.mutate(random, parts[part]);
            }
            return parts;
        }
        String valid = source.equals("citizens") ? Identifiers.personalId(random, year) : Identifiers.enterpriseCode(random);
        String fixture = source.equals("citizens") ? "074085000123" : random.nextBoolean() ? "0100233488" : "3701453620-001";
        return new String[] {switch (kind) {
            case 0 -> fixture;
            case 1, 2 -> valid;
            case 3 -> Identifiers.noise(random, 16);
            case 4 -> Identifiers.mutate(random, fixture);
            default -> Identifiers.mutate(random, valid);
        }};
    }

    /** A path segment the hub itself judges: printable ASCII that no layer below it refuses or rewrites. */
    private static boolean plainSegment(String segment) {
        return !segment.isEmpty() && !segment.equals(".") && !segment.equals("..")
                && segment.chars().allMatch(c -> c > 0x20 && c < 0x7f && "/\\;%".indexOf(c) < 0);
    }

    // --- dossiers

    private static ObjectNode dossier(Random random, int year) {
        ObjectNode d = JsonNodeFactory.instance.objectNode();
        d.put("procedureCode", random.nextInt(10) + "." + Identifiers.digits(random, 6));
        d.put("agencyCode", "000.00." + random.nextInt(100) + ".H" + random.nextInt(100));
        d.put("receivedAt", "2026-11-20T08:15:00+07:00");
        d.put("channel", List.copyOf(new java.util.TreeSet<>(CHANNELS)).get(random.nextInt(3)));
        d.put("status", "RECEIVED");
        ObjectNode applicant = d.putObject("applicant");
        if (random.nextInt(4) == 0) {
            applicant.put("idType", "OTHER").put("idNumber", "HC-" + Identifiers.digits(random, 8));
        } else {
            applicant.put("idType", "PERSONAL_ID").put("idNumber", Identifiers.personalId(random, year));
        }
        ArrayNode components = d.putArray("components");
        for (int i = random.nextInt(4); i > 0; i--) {
            components.addObject().put("code", "TP" + i).put("name", "Thanh phan " + i).put("digitized", random.nextBoolean())
                    .put("reused", random.nextBoolean());
        }
        return d;
    }

    private static final List<String> DOSSIER_FIELDS = List.of("procedureCode", "agencyCode", "receivedAt", "channel",
            "status", "applicant", "applicant.idType", "applicant.idNumber", "components", "components.0.code",
            "components.0.name", "components.0.digitized", "components.0.reused");

    private static void mutateDossier(Random random, ObjectNode d, int year) {
        String path = DOSSIER_FIELDS.get(random.nextInt(DOSSIER_FIELDS.size()));
        ObjectNode parent = parent(d, path);
        String field = path.substring(path.lastIndexOf('.') + 1);
        switch (random.nextInt(9)) {
            case 0 -> { if (parent != null) { parent.remove(field); } }
            case 1 -> { if (parent != null) { parent.putNull(field); } }
            case 2 -> { if (parent != null) { parent.set(field, hostileValue(random)); } }
            case 3 -> {
                if (parent != null && !field.equals("applicant") && !field.equals("components")
                        && !field.equals("digitized") && !field.equals("reused")) {
                    parent.put(field, random.nextBoolean() ? Identifiers.noise(random, 20)
                            : HOSTILE_TEXT.get(random.nextInt(HOSTILE_TEXT.size())));
                }
            }
            case 4 -> (random.nextBoolean() ? d : parent == null ? d : parent)
                    .put("x" + Identifiers.digits(random, 3), Identifiers.noise(random, 30));
            case 5 -> {
                ArrayNode components = d.putArray("components");
                int size = List.of(0, 1, 50, 200, 201, 1000).get(random.nextInt(6));
                boolean broken = random.nextInt(3) == 0;
                for (int i = 0; i < size; i++) {
                    if (broken && i == size - 1) {
                        components.add(random.nextBoolean() ? JsonNodeFactory.instance.nullNode()
                                : JsonNodeFactory.instance.objectNode().put("code", " "));
                    } else {
                        components.addObject().put("code", "C" + i);
                    }
                }
            }
            case 6 -> {
                if (d.get("applicant") instanceof ObjectNode applicant) {
                    applicant.put("idType", "PERSONAL_ID").put("idNumber",
                            Identifiers.mutate(random, Identifiers.personalId(random, year)));
                }
            }
            case 7 -> {
                List<String> instants = List.copyOf(new java.util.TreeSet<>(INSTANTS.keySet()));
                d.put("receivedAt", instants.get(random.nextInt(instants.size())));
            }
            default -> {
                if (d.get("applicant") instanceof ObjectNode applicant) {
                    applicant.put("idType", "OTHER").put("idNumber", random.nextBoolean()
                            ? Identifiers.noise(random, 70) : "HC-" + Identifiers.digits(random, 1 + random.nextInt(70)));
                }
            }
        }
    }

    /** The rules of docs/api.md §4 for a dossier document; Jackson's coercions of scalars are never generated. */
    private static Verdict dossierVerdict(ObjectNode d, int year) {
        boolean ok = text(d, "procedureCode", v -> PROCEDURE_CODE.matcher(v).matches())
                && text(d, "agencyCode", v -> REFERENCE.matcher(v).matches())
                && text(d, "receivedAt", v -> INSTANTS.getOrDefault(v, false))
                && text(d, "channel", CHANNELS::contains)
                && text(d, "status", STATUSES::contains);
        JsonNode applicant = d.get("applicant");
        boolean applicantOk = applicant instanceof ObjectNode a && text(a, "idType", Set.of("PERSONAL_ID", "OTHER")::contains)
                && a.get("idNumber") != null && a.get("idNumber").isTextual();
        boolean personalIdOk = true;
        if (applicantOk) {
            String idNumber = applicant.get("idNumber").asText();
            if (applicant.get("idType").asText().equals("OTHER")) {
                applicantOk = OTHER_ID.matcher(idNumber).matches();
            } else {
                personalIdOk = Identifiers.validPersonalId(idNumber, year);
            }
        }
        JsonNode components = d.get("components");
        boolean componentsOk = components == null || components.isNull()
                || components.isArray() && components.size() <= 200 && allComponentsOk(components);
        boolean structureOk = ok && applicantOk && componentsOk;
        if (structureOk && personalIdOk) {
            return new Verdict(true, Set.of());
        }
        // a wrong personal ID alone is client.invalid_personal_id; with other faults, either code may come first
        return new Verdict(false, structureOk ? Set.of("client.invalid_personal_id")
                : Set.of("client.invalid_request", "client.invalid_personal_id"));
    }

    private static boolean allComponentsOk(JsonNode components) {
        for (JsonNode c : components) {
            if (!(c instanceof ObjectNode component) || !text(component, "code", v -> !v.isBlank() && v.length() <= 64)) {
                return false;
            }
            JsonNode name = c.get("name");
            if (name != null && !name.isNull() && !(name.isTextual() && name.asText().length() <= 500)) {
                return false;
            }
            for (String flag : List.of("digitized", "reused")) {
                JsonNode value = c.get(flag);
                if (value != null && !value.isNull() && !value.isBoolean()) {
                    return false;
                }
            }
        }
        return true;
    }

    // --- criminal-record requests

    private static ObjectNode certificateRequest(Random random, int year) {
        ObjectNode r = JsonNodeFactory.instance.objectNode();
        // valid requests are made for dossiers the criminal-records mock issues a certificate for (the
        // test names them), so that none is left pending (and polled in the background) once it is over
        String issued = random.nextBoolean() ? "074085000123" : "079190004567";
        String personalId = switch (random.nextInt(10)) {
            case 0 -> Identifiers.mutate(random, issued);
            case 1 -> Identifiers.mutate(random, Identifiers.personalId(random, year));
            case 2 -> Identifiers.noise(random, 14);
            default -> issued;
        };
        r.put("personalId", Identifiers.validPersonalId(personalId, year) ? issued : personalId);
        List<Object> types = List.of(1, 2, 1, 2, 0, 3, -1, "x");
        Object type = types.get(random.nextInt(types.size()));
        if (type instanceof Integer t) {
            r.put("certificateType", t);
        } else {
            r.put("certificateType", (String) type);
        }
        r.put("purpose", switch (random.nextInt(6)) {
            case 0 -> "p".repeat(500);
            case 1 -> "p".repeat(501);
            case 2 -> " \t ";
            case 3 -> Identifiers.noise(random, 40);
            default -> "Bo sung ho so xin viec";
        });
        ObjectNode applicant = r.putObject("applicant");
        applicant.put("fullName", switch (random.nextInt(5)) {
            case 0 -> "n".repeat(200 + random.nextInt(2));
            case 1 -> Identifiers.noise(random, 30);
            default -> "Nguyen Van An";
        });
        List<String> dates = List.copyOf(new java.util.TreeSet<>(BIRTH_DATES.keySet()));
        applicant.put("dateOfBirth", random.nextInt(3) == 0 ? dates.get(random.nextInt(dates.size())) : "1985-03-14");
        if (random.nextInt(8) == 0) {
            String field = List.of("personalId", "certificateType", "purpose", "applicant").get(random.nextInt(4));
            switch (random.nextInt(3)) {
                case 0 -> r.remove(field);
                case 1 -> r.putNull(field);
                default -> r.set(field, hostileValue(random));
            }
        }
        if (random.nextInt(8) == 0) {
            r.put("x" + Identifiers.digits(random, 3), Identifiers.noise(random, 30));
        }
        return r;
    }

    /** The rules of docs/api.md §3 for a certificate request. */
    private static Verdict certificateVerdict(ObjectNode r, int year) {
        JsonNode personalId = r.get("personalId");
        boolean personalIdOk = personalId != null && personalId.isTextual()
                && Identifiers.validPersonalId(personalId.asText(), year);
        JsonNode type = r.get("certificateType");
        boolean rest = type != null && type.isInt() && (type.asInt() == 1 || type.asInt() == 2)
                && text(r, "purpose", v -> !v.isBlank() && v.codePointCount(0, v.length()) <= 500)
                && r.get("applicant") instanceof ObjectNode applicant
                && text(applicant, "fullName", v -> !v.isBlank() && v.codePointCount(0, v.length()) <= 200)
                && text(applicant, "dateOfBirth", v -> BIRTH_DATES.getOrDefault(v, false)
                        && !LocalDate.parse(v).isAfter(LocalDate.now(BUSINESS_ZONE)));
        if (personalIdOk && rest) {
            return new Verdict(true, Set.of());
        }
        // a malformed personal ID alone is client.invalid_personal_id; a missing one, client.invalid_request
        return new Verdict(false, personalId != null && personalId.isTextual() && rest ? Set.of("client.invalid_personal_id")
                : Set.of("client.invalid_request", "client.invalid_personal_id"));
    }

    // --- shared

    private record Verdict(boolean valid, Set<String> codes) {
    }

    private static boolean text(ObjectNode node, String field, java.util.function.Predicate<String> rule) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && rule.test(value.asText());
    }

    /** A value of the wrong JSON type for any scalar field: an array or an object. */
    private static JsonNode hostileValue(Random random) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return switch (random.nextInt(4)) {
            case 0 -> f.arrayNode();
            case 1 -> f.arrayNode().add("PROCESSING");
            case 2 -> f.objectNode();
            default -> f.objectNode().putNull("$ne");
        };
    }

    private static ObjectNode parent(ObjectNode root, String path) {
        JsonNode node = root;
        String[] steps = path.split("\\.");
        for (int i = 0; i < steps.length - 1; i++) {
            node = steps[i].matches("[0-9]+") ? node.path(Integer.parseInt(steps[i])) : node.path(steps[i]);
        }
        return node instanceof ObjectNode object ? object : null;
    }

    private static void assertProblem(String what, Response response, int status, Set<String> codes) {
        assertThat(response.status()).as("%s: status (%s)", what, response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as("%s: Content-Type", what).startsWith("application/problem+json");
        String code = response.json().path("code").asText();
        assertThat(code).as("%s: code", what).isIn(codes);
        assertThat(response.header("X-Hub-Error")).as("%s: X-Hub-Error", what).isEqualTo(code);
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder("\"");
        String shown = value.length() > 300 ? value.substring(0, 300) + "…(" + value.length() + " chars)" : value;
        for (char c : shown.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return out.append('"').toString();
    }
}
