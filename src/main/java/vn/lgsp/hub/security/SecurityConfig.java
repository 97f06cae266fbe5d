package vn.lgsp.hub.security;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.PathPatternRequestMatcherBuilderFactoryBean;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;
import vn.lgsp.hub.sources.lookup.Sources;
import vn.lgsp.hub.sources.lookup.Subjects;

/**
 * Who may call what (docs/api.md §1): an API key identifies a client, or, when configured, an OAuth2
 * bearer token ({@link BearerTokens}) or a mutual-TLS client certificate ({@link ClientCertificates});
 * roles open areas of the API and source grants open each national database. A request is identified
 * by one credential: the API key if it has one, else its bearer token, else its client certificate;
 * an API request with none of them, by its web console session ({@link SessionCredential}). Refusals
 * are problem+json 401 / 403.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    /**
     * No Micrometer observation around each security filter, authentication and authorisation: per
     * request, that cost more than the checks themselves (BENCHMARKS.md). Requests stay measured as a
     * whole ({@code http_server_requests}), refusals are counted ({@link Refusals}).
     */
    @Bean
    SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * The rules below match a request's path with Spring's path patterns, parsed once, instead of asking
     * Spring MVC's handler mappings for each rule of each request: the API is served by Camel's servlet,
     * not by Spring MVC, and the MVC matching was most of the security chain's cost (BENCHMARKS.md).
     */
    @Bean
    PathPatternRequestMatcherBuilderFactoryBean pathPatternRequestMatchers() {
        return new PathPatternRequestMatcherBuilderFactoryBean();
    }

    /**
     * Spring Security's firewall, with any method let through: a method no route has is the routing's
     * 405 with {@code Allow} (TRACE and unknown methods included), not the firewall's bare 400. Its
     * character rules are Spring's, checked without a regular expression ({@link FirewallCharacters}).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setUnsafeAllowAnyHttpMethod(true);
        firewall.setAllowedHeaderNames(FirewallCharacters::name);
        firewall.setAllowedHeaderValues(FirewallCharacters::headerValue);
        firewall.setAllowedParameterNames(FirewallCharacters::name);
        return firewall;
    }

    /** What the firewall refuses (a malformed header, path or parameter) is a problem+json 400 like any other. */
    @Bean
    RequestRejectedHandler requestRejectedHandler(Problems problems) {
        return (request, response, rejected) -> problems.write(request, response, HttpServletResponse.SC_BAD_REQUEST);
    }

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, ApiKeys apiKeys, BearerTokens bearerTokens,
                                    ObjectProvider<JwtDecoder> jwtDecoder, ClientCertificates certificates,
                                    RateLimits rateLimits, Problems problems, Refusals refusals,
                                    ObjectProvider<SessionCredential> sessions,
                                    Sources sources, Subjects subjects) throws Exception {
        boolean bearerTokensAccepted = bearerTokens.enabled();
        HubAuthenticationEntryPoint entryPoint = new HubAuthenticationEntryPoint(problems, refusals,
                bearerTokensAccepted, certificates.configured());
        if (bearerTokensAccepted) {
            JwtDecoder decoder = jwtDecoder.getIfAvailable();
            if (decoder == null) {
                throw new IllegalStateException("hub.security.oauth2.enabled is true but no token issuer is configured: "
                        + "set spring.security.oauth2.resourceserver.jwt.issuer-uri, jwk-set-uri or public-key-location");
            }
            DefaultBearerTokenResolver fromHeader = new DefaultBearerTokenResolver();
            // a request with an API key is identified by that key alone
            BearerTokenResolver resolver = request -> ApiKeyAuthenticationFilter.presented(request)
                    ? null : fromHeader.resolve(request);
            http.oauth2ResourceServer(o -> o
                    .bearerTokenResolver(resolver)
                    .authenticationEntryPoint(entryPoint)
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(bearerTokens)));
        }
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                // Spring Security neither creates a session nor keeps a security context in one, nor changes the
                // id of a session a request has (its fixation protection would, on every authenticated request):
                // the console's sign-in replaces its session itself, and SessionAuthenticationFilter reads it only
                // for an API request with no other credential
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS)
                        .sessionFixation(f -> f.none()))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .addFilterBefore(new HeaderFirewallFilter(), SecurityContextHolderFilter.class)
                // order: bearer token (Spring's filter, far earlier), then client certificate, then API key
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), AnonymousAuthenticationFilter.class)
                .addFilterBefore(new ClientCertificateAuthenticationFilter(certificates, bearerTokensAccepted),
                        ApiKeyAuthenticationFilter.class)
                // a console session, for an API request with none of those credentials (vn.lgsp.hub.console)
                .addFilterBefore(sessionFilter(sessions, problems, refusals),
                        ClientCertificateAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimits, problems, refusals), AnonymousAuthenticationFilter.class)
                .addFilterAfter(CurrentClient.keepOnRequest(), AuthorizationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler((request, response, ex) -> {
                            refusals.count(request, CurrentClient.get(), ErrorCode.FORBIDDEN);
                            problems.write(request, response, ErrorCode.FORBIDDEN,
                                    "This client is not allowed to call this resource", List.of());
                        }))
                .authorizeHttpRequests(a -> {
                    a
                        // the answer of a request already authorised, or the rendering of its error
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/actuator/info", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**").permitAll();
                    ownLookupPaths(a, subjects);
                    a
                        .requestMatchers(HttpMethod.GET, "/api/v1/lookups/{source}/*").access(clientWithPathSource(sources))
                        // reading a request or its certificate's PDF: its client (checked by the route) or an administrator
                        .requestMatchers(HttpMethod.GET, "/api/v1/criminal-record-requests/*",
                                "/api/v1/criminal-record-requests/*/certificate")
                        .access(AuthorizationManagers.anyOf(clientWith("criminal-records"),
                                AuthorityAuthorizationManager.hasRole(Role.ADMIN.name())))
                        .requestMatchers("/api/v1/criminal-record-requests", "/api/v1/criminal-record-requests/**")
                        .access(clientWith("criminal-records"))
                        // whether the ledger is complete and unaltered: an auditor's question too
                        .requestMatchers(HttpMethod.GET, "/api/v1/admin/ledger/verification")
                        .hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                        .requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/v1/reports/**").hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                        .requestMatchers("/api/v1/data-subjects/**").hasRole(Role.DATA_SUBJECT_PORTAL.name())
                        .requestMatchers("/api/**").hasRole(Role.CLIENT.name())
                        .anyRequest().permitAll();
                });
        return http.build();
    }

    /** The console session's filter, or one that does nothing when no session credential is configured. */
    private static jakarta.servlet.Filter sessionFilter(ObjectProvider<SessionCredential> sessions, Problems problems,
                                                        Refusals refusals) {
        SessionCredential credential = sessions.getIfAvailable();
        return credential != null ? new SessionAuthenticationFilter(credential, problems, refusals)
                : (request, response, chain) -> chain.doFilter(request, response);
    }

    /**
     * Each source's own lookup path (from its subject parser, e.g. /api/v1/citizens/{personalId}) needs the
     * grant of that source: a source added to the registry brings its rule.
     */
    private static void ownLookupPaths(
            AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules,
            Subjects subjects) {
        subjects.parsers().forEach((source, parser) -> {
            if (parser.pathPrefix() != null) {
                // everything under the path's fixed part: /api/v1/land-parcels/** for /land-parcels/{communeCode}/...
                rules.requestMatchers(HttpMethod.GET, "/api/v1" + parser.pathPrefix() + "**").access(clientWith(source));
            }
        });
    }

    /**
     * {@code /api/v1/lookups/{source}/{subject}}: the grant of the source the path names. A name the
     * hub does not know needs the CLIENT role only, so that the gateway answers it 404
     * {@code client.not_found}; the gateway checks the grant again, against the source it resolved.
     */
    private static AuthorizationManager<RequestAuthorizationContext> clientWithPathSource(Sources sources) {
        AuthorizationManager<RequestAuthorizationContext> anyClient = AuthorityAuthorizationManager.hasRole(
                Role.CLIENT.name());
        return new AuthorizationManager<>() {
            @Override
            @SuppressWarnings("deprecation")
            public AuthorizationDecision check(Supplier<Authentication> authentication,
                                               RequestAuthorizationContext context) {
                String source = context.getVariables().get("source");
                AuthorizationManager<RequestAuthorizationContext> required = sources.exists(source)
                        ? clientWith(source) : anyClient;
                AuthorizationResult result = required.authorize(authentication, context);
                return new AuthorizationDecision(result != null && result.isGranted());
            }
        };
    }

    private static AuthorizationManager<RequestAuthorizationContext> clientWith(String source) {
        return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole(Role.CLIENT.name()),
                AuthorityAuthorizationManager.hasAuthority(HubClientAuthentication.sourceAuthority(source)));
    }
}
