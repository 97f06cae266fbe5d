package vn.lgsp.hub.sources.lookup;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import vn.lgsp.hub.common.Digests;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;
import vn.lgsp.hub.sources.settings.SourceProperties;
import vn.lgsp.hub.sources.settings.SourceSettings;

/**
 * How the hub authenticates itself to a national database ({@code hub.sources.<name>.auth}),
 * applied inside the source's Apache HttpClient, never through the Camel exchange: no credential is
 * ever an exchange header that tracing or logging could show.
 *
 * <ul>
 *   <li>a request interceptor adds the configured headers and, per scheme, {@code Authorization:
 *       Bearer <token>} (oauth2) or {@code Timestamp} and the C06 hashed {@code Authorization: Basic}
 *       (signed). It runs below HttpClient's retry step, so every attempt, a retry too, gets fresh
 *       values, read from the source's settings at that moment;</li>
 *   <li>the retry strategy retries once, with a new token, a call whose cached token the database
 *       answered 401 ({@link RetryStrategy});</li>
 *   <li>above the retry step, a database still answering 401 or 403 to an authenticated call fails
 *       it as {@code 503 source.unavailable} (the hub's credentials are refused: the source is
 *       unusable until an operator acts), counted by the source's circuit breaker.</li>
 * </ul>
 */
final class UpstreamAuth {

    static final String TIMESTAMP = "Timestamp";
    private static final String AUTHORIZATION = "Authorization";
    /** The HttpContext attribute with the token the current call carries. */
    private static final String ATTEMPT = "vn.lgsp.hub.upstream-auth";
    /** RFC 9110 §5.6.2 token: what a header name may be. */
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    /** Headers HttpClient or the route set themselves. */
    private static final Set<String> RESERVED = Set.of("authorization", "host", "content-length",
            "transfer-encoding", "connection", "accept", "x-correlation-id");
    private static final Logger LOG = LoggerFactory.getLogger(UpstreamAuth.class);

    private UpstreamAuth() {
    }

    /**
     * The source's HttpClient set-up: plain bodies, no cookie or authentication state, the retry
     * policy (with the 401 rule), the request interceptor and the refusal check.
     *
     * @param settings the source's settings at the moment of each call
     */
    static HttpClientConfigurer configurer(String source, Supplier<SourceProperties.Source> settings,
                                           HttpRequestRetryStrategy retries, UpstreamTokens tokens) {
        HttpRequestInterceptor credentials = (request, entity, context) -> apply(source, settings.get(), tokens,
                request, context);
        ExecChainHandler refusal = (request, scope, chain) -> refused(source, settings, request, scope, chain);
        // Answers are a few kilobytes on the government network: no gzip to inflate on every call (nor for
        // the source to deflate). No cookies and no cached authentication either: a lookup is one
        // stateless call, carrying its credentials each time.
        return builder -> builder
                .disableContentCompression()
                .disableCookieManagement()
                .disableAuthCaching()
                .setRetryStrategy(new RetryStrategy(retries, tokens))
                .addRequestInterceptorLast(credentials)
                .addExecInterceptorBefore(ChainElement.RETRY.name(), "hub-upstream-refusal", refusal);
    }

    /** The token the current call carries and whether it was renewed after a 401 already. */
    private static final class Attempt {
        private final String source;
        private volatile String token;
        private volatile boolean renewed;

        private Attempt(String source) {
            this.source = source;
        }
    }

    private static void apply(String source, SourceProperties.Source settings, UpstreamTokens tokens,
                              HttpRequest request, HttpContext context) {
        SourceProperties.Auth auth = settings.auth();
        if (auth == null) {
            return;
        }
        auth.headers().forEach(request::setHeader);
        if (auth.oauth2() != null) {
            String token = tokens.token(source, settings);
            request.setHeader(AUTHORIZATION, "Bearer " + token);
            Attempt attempt = context.getAttribute(ATTEMPT) instanceof Attempt a ? a : new Attempt(source);
            attempt.token = token;
            context.setAttribute(ATTEMPT, attempt);
        } else if (auth.signed() != null) {
            SourceProperties.Signed signed = auth.signed();
            String timestamp = Long.toString(System.currentTimeMillis());
            String url = signed.url() != null ? signed.url() : settings.baseUrl().toString();
            request.setHeader(TIMESTAMP, timestamp);
            request.setHeader(AUTHORIZATION, signedAuthorization(url, signed.username(), timestamp, signed.secret()));
        }
    }

    /**
     * The C06 {@code Authorization} value: {@code Basic base64(username + ":" + hash)}, hash the
     * lower-case hex SHA-256 of {@code url + username + timestamp + secret} (UTF-8).
     */
    static String signedAuthorization(String url, String username, String timestamp, String secret) {
        String hash = Digests.sha256Hex(url + username + timestamp + secret);
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + hash).getBytes(StandardCharsets.UTF_8));
    }


    private static ClassicHttpResponse refused(String source, Supplier<SourceProperties.Source> settings,
                                               ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
            throws IOException, HttpException {
        ClassicHttpResponse response = chain.proceed(request, scope);
        int status = response.getCode();
        SourceProperties.Auth auth = settings.get().auth();
        if ((status == HttpStatus.SC_UNAUTHORIZED || status == HttpStatus.SC_FORBIDDEN)
                && auth != null && !"none".equals(auth.type())) {
            response.close();
            LOG.warn("upstream refused the hub's credentials source={} status={}", source, status);
            throw new HubException(ErrorCode.SOURCE_UNAVAILABLE,
                    "The " + source + " database refused the hub's credentials");
        }
        return response;
    }

    /**
     * The source's retry policy, plus: a 401 to a call that carried a cached token drops that token
     * and retries the call once, at once (the request interceptor then fetches a new token).
     */
    static final class RetryStrategy implements HttpRequestRetryStrategy {

        private final HttpRequestRetryStrategy delegate;
        private final UpstreamTokens tokens;

        RetryStrategy(HttpRequestRetryStrategy delegate, UpstreamTokens tokens) {
            this.delegate = delegate;
            this.tokens = tokens;
        }

        @Override
        public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
            return delegate.retryRequest(request, exception, execCount, context);
        }

        @Override
        public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
            if (response.getCode() == HttpStatus.SC_UNAUTHORIZED) {
                if (context.getAttribute(ATTEMPT) instanceof Attempt attempt && attempt.token != null
                        && !attempt.renewed) {
                    attempt.renewed = true;
                    tokens.drop(attempt.source, attempt.token);
                    return true;
                }
                return false;
            }
            return delegate.retryRequest(response, execCount, context);
        }

        @Override
        public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
            return response.getCode() == HttpStatus.SC_UNAUTHORIZED ? TimeValue.ZERO_MILLISECONDS
                    : delegate.getRetryInterval(response, execCount, context);
        }

        @Override
        public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount,
                                          HttpContext context) {
            return delegate.getRetryInterval(request, exception, execCount, context);
        }
    }

    /**
     * Every broken rule of a source's {@code auth} configuration, each naming its key under
     * {@code hub.sources.<name>.} and never its value; empty when it can run.
     */
    static List<String> problems(SourceProperties.Auth auth) {
        List<String> problems = new ArrayList<>();
        if (auth == null) {
            return problems;
        }
        if (auth.oauth2() != null && auth.signed() != null) {
            problems.add("auth.oauth2 and auth.signed cannot both be set: a call carries one Authorization header");
        }
        SourceProperties.OAuth2 oauth2 = auth.oauth2();
        if (oauth2 != null) {
            String url = oauth2.tokenUrl();
            if (url == null || url.isBlank()) {
                problems.add("auth.oauth2.token-url is required: an http(s) URL or a path under the source's base-url");
            } else if (url.startsWith("/")) {
                if (url.startsWith("//") || pathProblem(url) != null) {
                    problems.add("auth.oauth2.token-url must be a path (one leading /, no query or fragment) "
                            + "or an http(s) URL");
                }
            } else if (SourceSettings.httpUrlProblem(url) != null) {
                problems.add("auth.oauth2.token-url " + SourceSettings.httpUrlProblem(url) + " (or a path starting with /)");
            }
            required(problems, "auth.oauth2.client-id", oauth2.clientId());
            required(problems, "auth.oauth2.client-secret", oauth2.clientSecret());
            if (oauth2.clientAuthentication() == null) {
                problems.add("auth.oauth2.client-authentication must be basic or post");
            }
        }
        SourceProperties.Signed signed = auth.signed();
        if (signed != null) {
            required(problems, "auth.signed.username", signed.username());
            required(problems, "auth.signed.secret", signed.secret());
            if (signed.url() != null && SourceSettings.httpUrlProblem(signed.url()) != null) {
                problems.add("auth.signed.url " + SourceSettings.httpUrlProblem(signed.url()));
            }
        }
        for (Map.Entry<String, String> header : auth.headers().entrySet()) {
            String name = header.getKey();
            String key = "auth.headers[" + name + "]";
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                problems.add("auth.headers has a name that is not a valid HTTP header name");
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (RESERVED.contains(lower)) {
                problems.add(key + " is not allowed: " + ("authorization".equals(lower)
                        ? "Authorization is set by auth.oauth2 or auth.signed" : "the hub sets " + name + " itself"));
            } else if (signed != null && TIMESTAMP.equalsIgnoreCase(name)) {
                problems.add(key + " is not allowed: auth.signed sets Timestamp");
            }
            String value = header.getValue();
            if (value == null || value.isBlank() || !printable(value)) {
                problems.add(key + " must have a value of printable ASCII characters");
            }
        }
        return problems;
    }

    private static void required(List<String> problems, String key, String value) {
        if (value == null || value.isBlank()) {
            problems.add(key + " is required");
        }
    }

    private static boolean printable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    private static String pathProblem(String path) {
        try {
            URI uri = new URI(path);
            return uri.getRawQuery() == null && uri.getRawFragment() == null ? null : "has a query or fragment";
        } catch (URISyntaxException e) {
            return "is not a valid path";
        }
    }
}
