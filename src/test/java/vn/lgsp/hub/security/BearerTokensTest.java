package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;

/** How the claims of a verified bearer token become a hub client. */
class BearerTokensTest {

    private static final SecurityProperties NO_CLIENTS = new SecurityProperties(List.of());
    private static final BearerTokens DEFAULTS =
            new BearerTokens(new BearerTokens.Properties(true, "client_id", "roles", "sources"), NO_CLIENTS);

    private static Jwt token(Map<String, Object> claims) {
        Jwt.Builder jwt = Jwt.withTokenValue("t").header("alg", "RS256")
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
        claims.forEach(jwt::claim);
        return jwt.build();
    }

    @Test
    void clientIdRolesAndSourceGrantsComeFromTheirClaims() {
        HubClientAuthentication authentication = DEFAULTS.convert(token(Map.of("client_id", "district-one",
                "roles", List.of("CLIENT", "AUDITOR"), "sources", List.of("citizens", "land"))));

        HubClient client = authentication.getPrincipal();
        assertThat(client.id()).isEqualTo("district-one");
        assertThat(client.roles()).containsExactlyInAnyOrder(Role.CLIENT, Role.AUDITOR);
        assertThat(client.sources()).containsExactlyInAnyOrder("citizens", "land");
        assertThat(client.may("citizens")).isTrue();
        assertThat(authentication.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .containsExactlyInAnyOrder("ROLE_CLIENT", "ROLE_AUDITOR", "SOURCE_citizens", "SOURCE_land");
    }

    @Test
    void unknownRoleValuesAreIgnoredAndCaseDoesNotMatter() {
        HubClient client = DEFAULTS.convert(token(Map.of("client_id", "c",
                "roles", List.of("admin", "superuser", "offline_access")))).getPrincipal();

        assertThat(client.roles()).containsExactly(Role.ADMIN);
    }

    @Test
    void aSpaceSeparatedClaimIsAListOfValues() {
        HubClient client = DEFAULTS.convert(token(Map.of("client_id", "c", "roles", "CLIENT",
                "sources", "citizens enterprises"))).getPrincipal();

        assertThat(client.roles()).containsExactly(Role.CLIENT);
        assertThat(client.sources()).containsExactlyInAnyOrder("citizens", "enterprises");
    }

    @Test
    void aTokenWithoutRolesOrGrantsIsAClientThatMayDoNothing() {
        HubClient client = DEFAULTS.convert(token(Map.of("client_id", "c"))).getPrincipal();

        assertThat(client.roles()).isEmpty();
        assertThat(client.sources()).isEmpty();
    }

    @Test
    void claimNamesAreConfigurableAndMayReachIntoObjects() {
        BearerTokens keycloak = new BearerTokens(
                new BearerTokens.Properties(true, "azp", "realm_access.roles", "lgsp.sources"), NO_CLIENTS);

        HubClient client = keycloak.convert(token(Map.of("azp", "land-office",
                "realm_access", Map.of("roles", List.of("CLIENT", "uma_authorization")),
                "lgsp", Map.of("sources", List.of("land"))))).getPrincipal();

        assertThat(client.id()).isEqualTo("land-office");
        assertThat(client.roles()).containsExactly(Role.CLIENT);
        assertThat(client.sources()).containsExactly("land");
    }

    @Test
    void withoutTheClientIdClaimTheAuthorisedPartyIsTheClient() {
        assertThat(DEFAULTS.convert(token(Map.of("azp", "portal-gateway"))).getName()).isEqualTo("portal-gateway");
    }

    @Test
    void theSubjectNeverNamesTheClient() {
        assertThatThrownBy(() -> DEFAULTS.convert(token(Map.of("sub", "user-0001", "roles", List.of("CLIENT")))))
                .isInstanceOf(InvalidBearerTokenException.class)
                .hasMessageContaining("names no client");
    }

    @Test
    void aClientIdTheLedgerCannotHoldIsRefused() {
        assertThatThrownBy(() -> DEFAULTS.convert(token(Map.of("client_id", "x".repeat(65)))))
                .isInstanceOf(InvalidBearerTokenException.class);
        assertThatThrownBy(() -> DEFAULTS.convert(token(Map.of("client_id", "two words"))))
                .isInstanceOf(InvalidBearerTokenException.class);
    }

    @Test
    void aTokenClientAlsoConfiguredAsAClientReceivesOnlyThatEntrysFields() {
        SecurityProperties configured = new SecurityProperties(List.of(new SecurityProperties.Client(
                "land-registration-office", null, Set.of(Role.CLIENT), Set.of("citizens"),
                Map.of("citizens", Set.of("personalId", "fullName")))));
        BearerTokens tokens = new BearerTokens(new BearerTokens.Properties(true, "client_id", "roles", "sources"),
                configured);

        HubClient client = tokens.convert(token(Map.of("client_id", "land-registration-office",
                "roles", List.of("CLIENT"), "sources", List.of("citizens")))).getPrincipal();

        assertThat(client.fieldsOf("citizens")).contains(Set.of("personalId", "fullName"));
        assertThat(DEFAULTS.convert(token(Map.of("client_id", "other", "roles", List.of("CLIENT"),
                "sources", List.of("citizens")))).getPrincipal().fieldsOf("citizens")).isEmpty();
    }
}
