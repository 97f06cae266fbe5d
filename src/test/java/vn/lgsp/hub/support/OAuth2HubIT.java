package vn.lgsp.hub.support;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A hub that accepts bearer tokens from {@link #IDENTITY_PROVIDER}'s issuer and whose console signs in
 * through that provider: one Spring context (and data directory) of its own, shared by the test classes
 * that extend this one.
 */
public abstract class OAuth2HubIT extends HubIT {

    protected static final IdentityProvider IDENTITY_PROVIDER = new IdentityProvider(MOCKS);

    @DynamicPropertySource
    static void identityProvider(DynamicPropertyRegistry registry) {
        SecondContext.register(registry, "./target/test-data-oauth2");
        IDENTITY_PROVIDER.register(registry, "oauth2-it");
    }
}
