package vn.lgsp.hub.sources.lookup;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Retries a call to a national database only when it certainly did not reach the database
 * (connection refused, connect timeout, no route) or the database said 503 Service Unavailable.
 * A read timeout or any other answer is never retried: the request may have been processed.
 */
final class ConnectAnd503RetryStrategy implements HttpRequestRetryStrategy {

    private final int maxRetries;
    private final long backoffMs;

    ConnectAnd503RetryStrategy(int maxRetries, long backoffMs) {
        this.maxRetries = maxRetries;
        this.backoffMs = backoffMs;
    }

    @Override
    public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return execCount <= maxRetries && (exception instanceof ConnectException
                || exception instanceof ConnectTimeoutException
                || exception instanceof NoRouteToHostException);
    }

    @Override
    public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
        return execCount <= maxRetries && response.getCode() == HttpStatus.SC_SERVICE_UNAVAILABLE;
    }

    @Override
    public TimeValue getRetryInterval(HttpResponse response, int execCount, HttpContext context) {
        return delay(execCount);
    }

    @Override
    public TimeValue getRetryInterval(HttpRequest request, IOException exception, int execCount, HttpContext context) {
        return delay(execCount);
    }

    /** Exponential: backoff, 2×backoff, 4×backoff… A Retry-After header is not honoured: callers are waiting. */
    private TimeValue delay(int execCount) {
        return TimeValue.ofMilliseconds(backoffMs << Math.max(0, execCount - 1));
    }
}
