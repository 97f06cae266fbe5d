package vn.lgsp.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.isNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.Problems;

/** The answers of the entry point that the full-context tests cannot provoke. */
class HubAuthenticationEntryPointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Refusals refusals = mock(Refusals.class);

    private MockHttpServletResponse commence(HubAuthenticationEntryPoint entryPoint,
                                             org.springframework.security.core.AuthenticationException failure)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        entryPoint.commence(new MockHttpServletRequest("GET", "/api/v1/citizens/074085000123"), response, failure);
        return response;
    }

    @Test
    void anIssuerThatCannotBeReachedIs503NotTheClientsFault() throws Exception {
        MockHttpServletResponse response = commence(new HubAuthenticationEntryPoint(new Problems(JSON), refusals,
                true, false), new AuthenticationServiceException("Couldn't retrieve remote JWK set"));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).isEqualTo("application/problem+json");
        assertThat(response.getHeader("Retry-After")).isEqualTo("5");
        JsonNode problem = JSON.readTree(response.getContentAsByteArray());
        assertThat(problem.path("code").asText()).isEqualTo("hub.token_issuer_unavailable");
        assertThat(problem.path("instance").asText()).isEqualTo("/api/v1/citizens/074085000123");
        verify(refusals).count(any(), isNull(), eq(ErrorCode.TOKEN_ISSUER_UNAVAILABLE));
    }

    @Test
    void withOnlyApiKeysTheAnswerIsAsItAlwaysWas() throws Exception {
        MockHttpServletResponse response = commence(new HubAuthenticationEntryPoint(new Problems(JSON), refusals,
                false, false), new InsufficientAuthenticationException("anonymous"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isNull();
        assertThat(JSON.readTree(response.getContentAsByteArray()).path("detail").asText())
                .isEqualTo("X-API-Key header is required");
        verify(refusals).count(any(), isNull(), eq(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void theMissingCredentialNamesEveryAcceptedKind() throws Exception {
        MockHttpServletResponse response = commence(new HubAuthenticationEntryPoint(new Problems(JSON), refusals,
                true, true), new InsufficientAuthenticationException("anonymous"));

        assertThat(response.getStatus()).isEqualTo(401);
        assertThat(response.getHeader("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(JSON.readTree(response.getContentAsByteArray()).path("detail").asText())
                .isEqualTo("A credential is required: an X-API-Key header, a bearer token or a client certificate");
    }
}
