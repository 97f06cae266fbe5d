package vn.lgsp.hub.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthorizationCodeAuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.HtmlUtils;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;
import vn.lgsp.hub.security.AccessTokens;
import vn.lgsp.hub.security.HubClient;
import vn.lgsp.hub.security.Refusals;

/**
 * The console's OAuth2 login (docs/console.md): the authorization code flow with PKCE ({@code S256})
 * against the identity provider of {@code hub.console.oauth2-registration}, one of Spring Boot's
 * {@code spring.security.oauth2.client.registration.*}. The access token it ends with is read exactly as
 * the API reads a bearer token ({@link AccessTokens}: the same issuer, audiences and claims), and opens
 * the same console session an API key does; the token itself is not kept.
 *
 * <ul>
 *   <li>{@code GET /console/sign-in-options}: how the console can be signed in to.</li>
 *   <li>{@code GET /console/oauth2/authorization[?return=#/page]}: to the identity provider, the request
 *       (state, PKCE verifier, nonce) kept in a new session.</li>
 *   <li>{@code GET /console/oauth2/callback?code&state}: the provider's answer. The session's cookie is
 *       {@code SameSite=Strict}, so a browser arriving from the provider's site does not send it: the
 *       hub answers a page that opens the same address again from its own site (once, {@code hop=1}),
 *       and that request carries it. The code is then exchanged, the token read, the session replaced by
 *       a signed-in one, and the browser sent to the console, at the page it asked for.</li>
 * </ul>
 * A sign-in that does not succeed ends at {@code /console/?sign-in=<reason>} (denied, expired, refused,
 * failed), where the console says why; it is counted as a refusal, and the provider's message is never
 * shown nor logged (it may name the person).
 */
@RestController
class ConsoleOAuth2Login {

    static final String OPTIONS = "/console/sign-in-options";
    static final String AUTHORIZATION = "/console/oauth2/authorization";
    static final String CALLBACK = "/console/oauth2/callback";
    private static final String HOP = "hop";
    private static final String RETURN = ConsoleOAuth2Login.class.getName() + ".RETURN";
    /** A console address to come back to: its hash route, nothing that could leave the console. */
    private static final Pattern RETURN_HASH = Pattern.compile("#/[A-Za-z0-9/?&=._:%,-]{0,256}");
    private static final int MAX_QUERY = 4096;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleOAuth2Login.class);

    private final ConsoleSessions sessions;
    private final AccessTokens tokens;
    private final AuditLog audit;
    private final Refusals refusals;
    private final Problems problems;
    private final ClientRegistration registration;
    private final DefaultOAuth2AuthorizationRequestResolver requests;
    private final HttpSessionOAuth2AuthorizationRequestRepository pending =
            new HttpSessionOAuth2AuthorizationRequestRepository();
    private final OAuth2AuthorizationCodeAuthenticationProvider exchange;

    ConsoleOAuth2Login(ConsoleProperties properties, ObjectProvider<ClientRegistrationRepository> registrations,
                       ConsoleSessions sessions, AccessTokens tokens, AuditLog audit, Refusals refusals,
                       Problems problems) {
        this.sessions = sessions;
        this.tokens = tokens;
        this.audit = audit;
        this.refusals = refusals;
        this.problems = problems;
        this.registration = registration(properties.oauth2Registration(), registrations, tokens);
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        if (registration != null) {
            requests = new DefaultOAuth2AuthorizationRequestResolver(repository, AUTHORIZATION);
            // PKCE for every client, confidential ones included (RFC 9700 §2.1.1)
            requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
            exchange = new OAuth2AuthorizationCodeAuthenticationProvider(tokenEndpoint(properties.oauth2Timeout()));
        } else {
            requests = null;
            exchange = null;
        }
    }

    /** The configured registration, checked: null when the console offers no OAuth2 login. */
    private static ClientRegistration registration(String id, ObjectProvider<ClientRegistrationRepository> registrations,
                                                   AccessTokens tokens) {
        if (id == null || id.isBlank()) {
            return null;
        }
        String setting = "hub.console.oauth2-registration=" + id;
        if (!tokens.enabled()) {
            throw new IllegalStateException(setting + " needs bearer tokens on (hub.security.oauth2.enabled and "
                    + "spring.security.oauth2.resourceserver.jwt.*): the console reads the access token as the API does");
        }
        ClientRegistrationRepository repository = registrations.getIfAvailable();
        ClientRegistration found = repository == null ? null : repository.findByRegistrationId(id);
        if (found == null) {
            throw new IllegalStateException(setting + " names no spring.security.oauth2.client.registration." + id);
        }
        if (!AuthorizationGrantType.AUTHORIZATION_CODE.equals(found.getAuthorizationGrantType())) {
            throw new IllegalStateException(setting + ": its authorization-grant-type must be authorization_code");
        }
        if (found.getRedirectUri() == null || !found.getRedirectUri().endsWith(CALLBACK)) {
            throw new IllegalStateException(setting + ": its redirect-uri must be \"{baseUrl}" + CALLBACK + "\"");
        }
        return found;
    }

    /** The token endpoint's client: Spring Security's, with timeouts. */
    private static RestClientAuthorizationCodeTokenResponseClient tokenEndpoint(Duration timeout) {
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(
                HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build());
        factory.setReadTimeout(timeout);
        RestClientAuthorizationCodeTokenResponseClient client = new RestClientAuthorizationCodeTokenResponseClient();
        client.setRestClient(RestClient.builder().requestFactory(factory)
                .messageConverters(converters -> {
                    converters.clear();
                    converters.add(new FormHttpMessageConverter());
                    converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
                })
                .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
                .build());
        return client;
    }

    /** {@code {"apiKey": true, "oauth2": {"name": "…", "path": "/console/oauth2/authorization"} or null}}. */
    @GetMapping(OPTIONS)
    Map<String, Object> options(HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("apiKey", true);
        options.put("oauth2", registration == null ? null
                : Map.of("name", registration.getClientName(), "path", AUTHORIZATION));
        return options;
    }

    @GetMapping(AUTHORIZATION)
    void authorize(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!offered(request, response)) {
            return;
        }
        OAuth2AuthorizationRequest authorization = requests.resolve(request, registration.getRegistrationId());
        pending.saveAuthorizationRequest(authorization, request, response);
        String back = request.getParameter("return");
        request.getSession().setAttribute(RETURN, back != null && RETURN_HASH.matcher(back).matches() ? back : null);
        response.sendRedirect(authorization.getAuthorizationRequestUri());
    }

    @GetMapping(CALLBACK)
    void callback(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!offered(request, response)) {
            return;
        }
        HttpSession session = request.getSession(false);
        if (session == null && request.getParameter(HOP) == null) {
            reopenFromThisSite(request, response);
            return;
        }
        OAuth2AuthorizationRequest authorization = pending.removeAuthorizationRequest(request, response);
        if (authorization == null) {
            // no sign-in started in this browser, one started too long ago, or another state than its own
            refuse(request, response, "expired");
            return;
        }
        String back = session.getAttribute(RETURN) instanceof String hash ? hash : "";
        String token;
        try {
            OAuth2AuthorizationCodeAuthenticationToken done = (OAuth2AuthorizationCodeAuthenticationToken)
                    exchange.authenticate(new OAuth2AuthorizationCodeAuthenticationToken(registration,
                            new OAuth2AuthorizationExchange(authorization, answer(request, authorization))));
            token = done.getAccessToken().getTokenValue();
        } catch (OAuth2AuthorizationException | OAuth2AuthenticationException e) {
            String error = e instanceof OAuth2AuthorizationException a ? a.getError().getErrorCode()
                    : ((OAuth2AuthenticationException) e).getError().getErrorCode();
            if (request.getParameter("error") != null) {
                refuse(request, response, "denied");
            } else if ("invalid_state_parameter".equals(error)) {
                refuse(request, response, "expired");
            } else {
                // the token endpoint refused the code or did not answer: the provider's error code only
                LOG.warn("console sign-in: the identity provider's token endpoint answered no token ({})", error);
                refuse(request, response, "failed");
            }
            return;
        }
        HubClient client;
        try {
            client = tokens.clientOf(token);
        } catch (AccessTokens.Refused e) {
            LOG.warn("console sign-in: the identity provider's access token identifies no client of the hub: {}",
                    e.getMessage());
            refuse(request, response, "refused");
            return;
        }
        sessions.signIn(request, client, true);
        audit.record(client.id(), ConsoleSessionController.SIGN_IN, "console", "done",
                "through the identity provider " + registration.getRegistrationId());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader(HttpHeaders.LOCATION, "/console/" + back);
    }

    /** Whether the console offers the OAuth2 login; if not, answers 404. */
    private boolean offered(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (registration == null) {
            problems.write(request, response, ErrorCode.NOT_FOUND,
                    "The console offers no OAuth2 login (hub.console.oauth2-registration)", List.of());
            return false;
        }
        return true;
    }

    /** The provider's answer as the callback's parameters give it. */
    private static OAuth2AuthorizationResponse answer(HttpServletRequest request, OAuth2AuthorizationRequest sent) {
        String state = request.getParameter("state");
        String error = request.getParameter("error");
        if (error != null || request.getParameter("code") == null) {
            return OAuth2AuthorizationResponse.error(error != null ? error : OAuth2ErrorCodes.INVALID_REQUEST)
                    .redirectUri(sent.getRedirectUri()).state(state).build();
        }
        return OAuth2AuthorizationResponse.success(request.getParameter("code")).redirectUri(sent.getRedirectUri())
                .state(state).build();
    }

    /**
     * A page that opens the callback again, from this site: a navigation the provider's site started did
     * not carry the {@code SameSite=Strict} session cookie, one this page starts does.
     */
    private static void reopenFromThisSite(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        if (query.length() > MAX_QUERY) {
            query = "";
        }
        String again = HtmlUtils.htmlEscape(CALLBACK + "?" + (query.isEmpty() ? "" : query + "&") + HOP + "=1");
        byte[] page = ("<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"0;url="
                + again + "\"><title>LGSP Hub</title></head><body><p><a href=\"" + again
                + "\">Tiếp tục đăng nhập · Continue signing in</a></p></body></html>").getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.TEXT_HTML_VALUE + ";charset=UTF-8");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setContentLength(page.length);
        response.getOutputStream().write(page);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String reason) {
        refusals.count(request, null, ErrorCode.UNAUTHENTICATED);
        HttpSession session = request.getSession(false);
        if (session != null && sessions.live(request).isEmpty()) {
            // the session this sign-in started, not one signed in already
            ConsoleSessions.end(session);
        }
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader(HttpHeaders.LOCATION, "/console/?sign-in=" + reason);
    }
}
