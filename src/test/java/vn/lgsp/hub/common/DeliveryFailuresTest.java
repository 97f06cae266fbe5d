package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junit.jupiter.api.Test;

/** One classification of an outbound delivery's failure, whatever the destination. */
class DeliveryFailuresTest {

    private static final class Refused extends RuntimeException implements DeliveryFailures.Described {
        Refused() {
            super("The portal refused the dossier (error_code -1)");
        }
    }

    @Test
    void eachKindOfFailureIsNamedForTheDestinationWithoutQuotingIt() {
        assertThat(DeliveryFailures.reason(new HttpOperationFailedException("http://x/secret", 503, "x", null, null,
                "body with 074085000123"), "The portal")).isEqualTo("The portal answered HTTP 503");
        assertThat(DeliveryFailures.reason(new SocketTimeoutException("Read timed out"), "The portal"))
                .isEqualTo("The portal did not answer in time");
        for (Exception unreachable : new Exception[] {new ConnectException("refused"), new NoRouteToHostException("x"),
                new UnknownHostException("portal.example")}) {
            assertThat(DeliveryFailures.reason(new RuntimeException(unreachable), "The criminal-records service"))
                    .isEqualTo("The criminal-records service could not be reached");
        }
    }

    @Test
    void aFailureThatDescribesItselfIsTakenInItsOwnWords() {
        assertThat(DeliveryFailures.reason(new Refused(), "The portal")).isEqualTo("The portal refused the dossier (error_code -1)");
        assertThat(DeliveryFailures.reason(new HubException(ErrorCode.SOURCE_BAD_RESPONSE, "The service answered badly"),
                "The portal")).isEqualTo("The service answered badly");
        assertThat(DeliveryFailures.reason(new IllegalStateException("with 074085000123"), "The portal"))
                .isEqualTo("Delivery failed: IllegalStateException");
        assertThat(DeliveryFailures.reason(null, "The portal")).isEqualTo("Unknown failure");
    }
}
