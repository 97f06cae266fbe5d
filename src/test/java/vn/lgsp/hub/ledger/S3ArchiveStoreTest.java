package vn.lgsp.hub.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The archives in an S3-compatible store, over HTTP to a minimal S3 endpoint of the test's own (PutObject and
 * GetObject by path): objects land path-style under the prefix, each request is signed with AWS Signature
 * Version 4 over the payload's SHA-256, and an archive written there reads back and verifies.
 */
class S3ArchiveStoreTest {

    private final Map<String, byte[]> objects = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final HttpServer server;

    S3ArchiveStoreTest() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            try (InputStream in = exchange.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if ("PUT".equals(exchange.getRequestMethod())) {
                    String declared = exchange.getRequestHeaders().getFirst("x-amz-content-sha256");
                    if (!sha256(body).equals(declared)) {
                        exchange.sendResponseHeaders(400, -1);
                        return;
                    }
                    objects.put(path, body);
                    exchange.getResponseHeaders().add("ETag", "\"" + sha256(body).substring(0, 32) + "\"");
                    exchange.sendResponseHeaders(200, -1);
                } else if ("GET".equals(exchange.getRequestMethod()) && objects.containsKey(path)) {
                    byte[] object = objects.get(path);
                    exchange.sendResponseHeaders(200, object.length);
                    exchange.getResponseBody().write(object);
                } else {
                    byte[] error = ("<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
                            + "</Error>").getBytes();
                    exchange.getResponseHeaders().add("Content-Type", "application/xml");
                    exchange.sendResponseHeaders(404, error.length);
                    exchange.getResponseBody().write(error);
                }
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private S3ArchiveStore store() {
        return new S3ArchiveStore(new LedgerArchiveProperties.S3("http://127.0.0.1:" + server.getAddress().getPort(),
                "ap-southeast-1", "lgsp-archives", "province-74/", "AKIDLGSPTEST", "test-secret-key"));
    }

    @Test
    void anObjectGoesPathStyleUnderThePrefixSignedWithSigV4AndReadsBack() throws Exception {
        Path file = Files.createTempFile("object", ".bin");
        Files.writeString(file, "a month of the ledger");
        S3ArchiveStore store = store();

        store.put("ledger-2021-06/rows.jsonl.gz", file);

        assertThat(objects).containsKey("/lgsp-archives/province-74/ledger-2021-06/rows.jsonl.gz");
        assertThat(authorizations.get(0)).startsWith("AWS4-HMAC-SHA256 Credential=AKIDLGSPTEST/")
                .contains("/ap-southeast-1/s3/aws4_request").contains("SignedHeaders=").contains("Signature=");
        try (InputStream in = store.open("ledger-2021-06/rows.jsonl.gz")) {
            assertThat(new String(in.readAllBytes())).isEqualTo("a month of the ledger");
        }
        assertThat(store.location("ledger-2021-06")).isEqualTo("s3://lgsp-archives/province-74/ledger-2021-06");
    }

    @Test
    void aMissingObjectIsAnIoError() {
        assertThatThrownBy(() -> store().open("ledger-1999-01/manifest.json")).isInstanceOf(IOException.class);
    }

    private static String sha256(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
