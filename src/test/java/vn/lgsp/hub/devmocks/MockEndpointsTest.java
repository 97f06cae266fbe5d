package vn.lgsp.hub.devmocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.RequestJournalDisabledException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-process mocks of the default run keep no request journal, or a bounded one: a long run of
 * lookups (and of a tester's own calls to the mocks) does not fill the heap.
 */
class MockEndpointsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private WireMockServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private void call(int times) throws Exception {
        for (int i = 0; i < times; i++) {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.baseUrl()
                            + "/apiCSDLDKDN/1.0/chiTietDoanhNghiep?msdn=0100233488"))
                            .header("Authorization", "Bearer dev-ngsp-access-token").build(),
                    HttpResponse.BodyHandlers.discarding());
            assertThat(response.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void byDefaultNoRequestIsKept() throws Exception {
        server = new MockEndpoints().mockEndpointsServer(new MockEndpointsProperties(true, 0, "mock-endpoints", 0));

        call(50);

        assertThatThrownBy(server::getAllServeEvents).isInstanceOf(RequestJournalDisabledException.class);
    }

    @Test
    void aBoundedJournalKeepsTheLatestRequestsOnly() throws Exception {
        server = new MockEndpoints().mockEndpointsServer(new MockEndpointsProperties(true, 0, "mock-endpoints", 10));

        call(50);

        assertThat(server.getAllServeEvents()).hasSize(10);
    }
}
