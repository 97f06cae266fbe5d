package vn.lgsp.hub.support;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the provincial system sends a citizen lookup since the population database needs the name and
 * birth date: the integration tests send citizen lookups that way unless they say otherwise. A request
 * to {@code /api/v1/citizens/{id}} or {@code /api/v1/lookups/citizens/{id}} of a fixture citizen
 * (docs/api.md §8) without a query string gets the fixture's {@code fullName} and {@code birthDate};
 * any citizen lookup without {@code X-Officer-Id} or {@code X-Agency-Code} gets {@link #OFFICER} and
 * {@link #AGENCY}. A test of what is missing sends {@link #AS_IS} to have its request left alone.
 */
public final class CitizenLookups {

    public static final String OFFICER = "officer-0001";
    public static final String AGENCY = "000.00.12.H12";
    /** A header that tells the test client to send the request as it is (it is removed before sending). */
    public static final String AS_IS = "X-Test-As-Is";

    /** The fixture citizens of mock-endpoints/: full name and birth date, as the population database holds them. */
    public static final Map<String, String[]> FIXTURES = Map.of(
            "074085000123", new String[] {"Nguyễn Văn An", "1985-03-14"},
            "079190004567", new String[] {"Trần Thị Bình", "1990-07-22"},
            "001201000789", new String[] {"Lê Minh Châu", "2001-09-05"},
            "074085000504", new String[] {"Phạm Quốc Dũng", "1985-11-02"},
            "001055000321", new String[] {"Đỗ Văn Tư", "1955"});

    private static final Pattern CITIZEN = Pattern.compile("/api/v1/(?:lookups/)?citizens/([^/?]+)");

    private CitizenLookups() {
    }

    /** The query string of a fixture citizen's lookup: {@code fullName=…&birthDate=…}. */
    public static String query(String personalId) {
        String[] fixture = FIXTURES.get(personalId);
        String name = fixture == null ? "Nguyễn Văn An" : fixture[0];
        String birth = fixture == null ? "1985-03-14" : fixture[1];
        return "fullName=" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20") + "&birthDate=" + birth;
    }

    /** The request as the provincial system sends it (see the class comment). */
    public static HttpRequest complete(HttpRequest request) {
        URI uri = request.uri();
        if (request.headers().firstValue(AS_IS).isPresent()) {
            return HttpRequest.newBuilder(request, (name, value) -> !name.equalsIgnoreCase(AS_IS)).build();
        }
        Matcher citizen = CITIZEN.matcher(uri.getRawPath() == null ? "" : uri.getRawPath());
        if (!citizen.matches()) {
            return request;
        }
        HttpRequest.Builder completed = HttpRequest.newBuilder(request, (name, value) -> true);
        if (uri.getRawQuery() == null) {
            completed.uri(URI.create(uri.toString() + "?" + query(citizen.group(1))));
        }
        if (request.headers().firstValue("X-Officer-Id").isEmpty()) {
            completed.header("X-Officer-Id", OFFICER);
        }
        if (request.headers().firstValue("X-Agency-Code").isEmpty()) {
            completed.header("X-Agency-Code", AGENCY);
        }
        return completed.build();
    }
}
