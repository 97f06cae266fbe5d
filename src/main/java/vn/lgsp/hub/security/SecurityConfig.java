package vn.lgsp.hub.security;

import jakarta.servlet.DispatcherType;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import vn.lgsp.hub.common.AuditLog;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;

/**
 * Who may call what (API.md §1): an API key identifies a client; roles open areas of the API and
 * source grants open each national database. Refusals are problem+json 401 / 403.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    @Bean
    SecurityFilterChain hubSecurity(HttpSecurity http, ApiKeys apiKeys, RateLimits rateLimits, Problems problems,
                                    AuditLog audit) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .securityContext(c -> c.securityContextRepository(new RequestAttributeSecurityContextRepository()))
                .addFilterBefore(new HeaderFirewallFilter(), SecurityContextHolderFilter.class)
                .addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys), AnonymousAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(rateLimits, problems, audit), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            Object reason = request.getAttribute(ApiKeyAuthenticationFilter.FAILURE_ATTRIBUTE);
                            audit.record(null, "access.refused", AuditLog.requestTarget(request.getMethod(),
                                    request.getRequestURI()), ErrorCode.UNAUTHENTICATED.code(),
                                    reason != null ? reason.toString() : null);
                            problems.write(request, response, ErrorCode.UNAUTHENTICATED,
                                    reason != null ? reason.toString() : "X-API-Key header is required", List.of());
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            HubClient client = CurrentClient.get();
                            audit.record(client == null ? null : client.id(), "access.refused",
                                    AuditLog.requestTarget(request.getMethod(), request.getRequestURI()),
                                    ErrorCode.FORBIDDEN.code(), null);
                            problems.write(request, response, ErrorCode.FORBIDDEN,
                                    "This client is not allowed to call this resource", List.of());
                        }))
                .authorizeHttpRequests(a -> a
                        // the answer of a request already authorised, or the rendering of its error
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR).permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/prometheus",
                                "/actuator/info", "/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/api/v1/citizens/**").access(clientWith("citizens"))
                        .requestMatchers(HttpMethod.GET, "/api/v1/enterprises/**").access(clientWith("enterprises"))
                        .requestMatchers(HttpMethod.GET, "/api/v1/land-parcels/**").access(clientWith("land"))
                        // reading a request: its client (checked by the route) or an administrator
                        .requestMatchers(HttpMethod.GET, "/api/v1/criminal-record-requests/*")
                        .access(AuthorizationManagers.anyOf(clientWith("criminal-records"),
                                AuthorityAuthorizationManager.hasRole(Role.ADMIN.name())))
                        .requestMatchers("/api/v1/criminal-record-requests", "/api/v1/criminal-record-requests/**")
                        .access(clientWith("criminal-records"))
                        .requestMatchers("/api/v1/admin/**").hasRole(Role.ADMIN.name())
                        .requestMatchers("/api/v1/reports/**").hasAnyRole(Role.AUDITOR.name(), Role.ADMIN.name())
                        .requestMatchers("/api/**").hasRole(Role.CLIENT.name())
                        .anyRequest().permitAll());
        return http.build();
    }

    private static AuthorizationManager<RequestAuthorizationContext> clientWith(String source) {
        return AuthorizationManagers.allOf(AuthorityAuthorizationManager.hasRole(Role.CLIENT.name()),
                AuthorityAuthorizationManager.hasAuthority(HubClientAuthentication.sourceAuthority(source)));
    }
}
