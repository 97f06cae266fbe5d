package vn.lgsp.hub.sources.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.junit.jupiter.api.Test;

/** Only calls that certainly did not reach the database, or were refused with 503, are retried. */
class ConnectAnd503RetryStrategyTest {

    private final ConnectAnd503RetryStrategy strategy = new ConnectAnd503RetryStrategy(2, 100);
    private final HttpGet request = new HttpGet("http://localhost/x");

    @Test
    void retriesConnectFailuresUpToTheLimit() {
        assertThat(strategy.retryRequest(request, new ConnectException("refused"), 1, new BasicHttpContext())).isTrue();
        assertThat(strategy.retryRequest(request, new ConnectTimeoutException("slow connect"), 2, new BasicHttpContext())).isTrue();
        assertThat(strategy.retryRequest(request, new ConnectException("refused"), 3, new BasicHttpContext())).isFalse();
    }

    @Test
    void neverRetriesAReadTimeoutOrOtherIoFailure() {
        assertThat(strategy.retryRequest(request, new SocketTimeoutException("read"), 1, new BasicHttpContext())).isFalse();
        assertThat(strategy.retryRequest(request, new IOException("reset"), 1, new BasicHttpContext())).isFalse();
    }

    @Test
    void retries503ButNoOtherStatus() {
        assertThat(strategy.retryRequest(new BasicHttpResponse(503), 1, new BasicHttpContext())).isTrue();
        assertThat(strategy.retryRequest(new BasicHttpResponse(503), 3, new BasicHttpContext())).isFalse();
        assertThat(strategy.retryRequest(new BasicHttpResponse(500), 1, new BasicHttpContext())).isFalse();
        assertThat(strategy.retryRequest(new BasicHttpResponse(429), 1, new BasicHttpContext())).isFalse();
    }

    @Test
    void backsOffExponentially() {
        assertThat(strategy.getRetryInterval(new BasicHttpResponse(503), 1, new BasicHttpContext()).toMilliseconds()).isEqualTo(100);
        assertThat(strategy.getRetryInterval(new BasicHttpResponse(503), 2, new BasicHttpContext()).toMilliseconds()).isEqualTo(200);
    }
}
