package vn.lgsp.hub.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParseException;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.StreamCacheException;
import org.junit.jupiter.api.Test;
import vn.lgsp.hub.common.ErrorCode;
import vn.lgsp.hub.common.HubException;

/** The one table of failures and the codes they are answered with (docs/api.md §1). */
class FailuresTest {

    @Test
    void aHubExceptionSaysItsOwnCodeWhereverItIsInTheChain() {
        HubException refused = new HubException(ErrorCode.SOURCE_REFUSED, "refused", new IOException("x"));
        assertThat(Failures.of(new RuntimeCamelException(refused))).isSameAs(refused);
    }

    @Test
    void theClosestFamilyOfTheInnermostKnownCauseWins() {
        assertThat(Failures.of(new RuntimeCamelException(new SocketTimeoutException())).code())
                .isEqualTo(ErrorCode.SOURCE_TIMEOUT);
        assertThat(Failures.of(new IOException(new ConnectException())).code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
        assertThat(Failures.of(new IOException("reset")).code()).isEqualTo(ErrorCode.SOURCE_BAD_RESPONSE);
        assertThat(Failures.of(new JsonParseException(null, "broken")).code()).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(Failures.of(BulkheadFullException.createBulkheadFullException(
                io.github.resilience4j.bulkhead.Bulkhead.ofDefaults("x"))).code()).isEqualTo(ErrorCode.SOURCE_UNAVAILABLE);
    }

    @Test
    void aBodyThatCouldNotBeReadIsTheCallersNotTheSources() {
        assertThat(Failures.of(new StreamCacheException(null, new IOException("closed"))).code())
                .isEqualTo(ErrorCode.INVALID_REQUEST);
    }

    @Test
    void anythingElseIsTheHubsOwnFailure() {
        assertThat(Failures.of(new IllegalStateException()).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
        assertThat(Failures.of(null).code()).isEqualTo(ErrorCode.INTERNAL_ERROR);
    }
}
