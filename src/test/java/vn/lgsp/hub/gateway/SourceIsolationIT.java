package vn.lgsp.hub.gateway;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.support.HubIT;

/** docs/design.md: a slow national database never stalls lookups to the others. */
class SourceIsolationIT extends HubIT {

    @Test
    void lookupsToOtherSourcesAreAnsweredWhileOneSourceHangs() throws Exception {
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> lookup("/api/v1/citizens/074085000504"));
        CompletableFuture<Response> slow2 = CompletableFuture.supplyAsync(() -> lookup("/api/v1/citizens/074085000504"));
        await().atMost(Duration.ofSeconds(5)).until(() -> MOCKS.findAll(
                postRequestedFor(urlPathEqualTo("/dancuquocgia/TraCuuThongTinCongDan"))
                    .withRequestBody(containing("<dan:SoDinhDanh>074085000504</dan:SoDinhDanh>"))).size() == 2);

        Response land = lookup("/api/v1/land-parcels/25747/12/345");
        Response enterprise = lookup("/api/v1/enterprises/0100233488");

        assertThat(land.status()).isEqualTo(200);
        assertThat(enterprise.status()).isEqualTo(200);
        // the hanging source's calls were still in progress when the others answered
        assertThat(slow.isDone()).isFalse();
        assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
        assertThat(slow2.get(10, TimeUnit.SECONDS).status()).isEqualTo(504);
    }
}
