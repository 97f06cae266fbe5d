package vn.lgsp.hub.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DigestsTest {

    @Test
    void sha256IsTheStandardDigestOfTheUtf8Text() {
        // FIPS 180-2's example, and a text outside ASCII
        assertThat(Digests.sha256Hex("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digests.sha256Hex("Nguyễn")).isEqualTo(Digests.sha256Hex("Nguy\u1EC5n"));
        assertThat(Digests.sha256("abc")).hasSize(32);
    }

    @Test
    void concurrentDigestsDoNotShareState() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Boolean>> tasks = IntStream.range(0, 64).<Callable<Boolean>>mapToObj(i -> () -> {
                String expected = Digests.sha256Hex("key-" + i);
                for (int n = 0; n < 200; n++) {
                    if (!Digests.sha256Hex("key-" + i).equals(expected)) {
                        return false;
                    }
                }
                return true;
            }).toList();
            for (Future<Boolean> result : threads.invokeAll(tasks)) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
