package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/**
 * The dev profile's Swagger UI shows the hub's own document. It is a development aid, not part of
 * the contract (docs/openapi.yaml does not list it), so its pages are fetched outside the contract check.
 */
class SwaggerUiIT extends HubIT {

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    @Test
    void swaggerUiLoadsTheHubsDocument() throws IOException, InterruptedException {
        HttpResponse<String> page = fetch("/swagger-ui/");
        HttpResponse<String> initializer = fetch("/swagger-ui/swagger-initializer.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.uri().getPath()).isEqualTo("/swagger-ui/index.html");
        assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-initializer.js");
        assertThat(fetch("/swagger-ui/swagger-ui-bundle.js").statusCode()).isEqualTo(200);
        assertThat(initializer.statusCode()).isEqualTo(200);
        assertThat(initializer.body()).contains("url: \"/v3/api-docs\"").doesNotContain("petstore");
    }

    private HttpResponse<String> fetch(String path) throws IOException, InterruptedException {
        return BROWSER.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
