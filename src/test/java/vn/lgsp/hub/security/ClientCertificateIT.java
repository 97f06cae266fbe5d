package vn.lgsp.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import vn.lgsp.hub.support.CitizenLookups;
import vn.lgsp.hub.support.HubIT;
import vn.lgsp.hub.support.SecondContext;

/**
 * Alternative identification by mutual TLS: the hub serves HTTPS and asks for a client certificate
 * ({@code server.ssl.client-auth=want}); a certificate whose subject is mapped in
 * {@code hub.security.mtls.clients} identifies that configured client. A test CA, the server's and
 * two clients' certificates are made with the JDK's keytool; the hub runs in its own context and
 * data directory.
 */
class ClientCertificateIT extends HubIT {

    private static final Path DIR = Path.of("target", "mtls-it").toAbsolutePath();
    private static final String PASSWORD = "changeit";
    private static final String PARCEL = "/api/v1/land-parcels/25747/12/345";
    private static final String CITIZEN = "/api/v1/citizens/074085000123";

    private static HttpClient landOffice;
    private static HttpClient stranger;
    private static HttpClient anonymous;

    @DynamicPropertySource
    static void mutualTls(DynamicPropertyRegistry registry) throws Exception {
        makeCertificates();
        landOffice = client("land-office.p12");
        stranger = client("stranger.p12");
        anonymous = client(null);
        SecondContext.register(registry, "./target/test-data-mtls");
        registry.add("server.ssl.enabled", () -> "true");
        registry.add("server.ssl.key-store", () -> DIR.resolve("server.p12").toUri().toString());
        registry.add("server.ssl.key-store-type", () -> "PKCS12");
        registry.add("server.ssl.key-store-password", () -> PASSWORD);
        registry.add("server.ssl.key-alias", () -> "server");
        registry.add("server.ssl.trust-store", () -> DIR.resolve("truststore.p12").toUri().toString());
        registry.add("server.ssl.trust-store-type", () -> "PKCS12");
        registry.add("server.ssl.trust-store-password", () -> PASSWORD);
        registry.add("server.ssl.client-auth", () -> "want");
        // written differently from the certificate (spaces, case): subjects are compared canonically
        registry.add("hub.security.mtls.clients[0].subject", () -> "cn=Land-Office.lgsp.local, o=So TNMT, c=VN");
        registry.add("hub.security.mtls.clients[0].client-id", () -> "land-office");
    }

    /** A new CA; the server's certificate for 127.0.0.1; two client certificates, only the first mapped. */
    private static void makeCertificates() throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        try (var files = Files.list(DIR)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        keytool("-genkeypair", "-alias", "ca", "-dname", "CN=LGSP Hub Test CA,O=LGSP,C=VN", "-ext", "bc:c",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-keystore", "ca.p12");
        keytool("-exportcert", "-alias", "ca", "-rfc", "-file", "ca.pem", "-keystore", "ca.p12");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "truststore.p12");
        issue("server", "CN=localhost,O=LGSP,C=VN", "san=ip:127.0.0.1,dns:localhost");
        issue("land-office", "CN=land-office.lgsp.local,O=So TNMT,C=VN", null);
        issue("stranger", "CN=stranger.lgsp.local,O=Elsewhere,C=VN", null);
    }

    private static void issue(String name, String subject, String subjectAlternativeNames)
            throws IOException, InterruptedException {
        String keystore = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-dname", subject, "-keyalg", "RSA", "-keysize", "2048",
                "-validity", "30", "-keystore", keystore);
        keytool("-certreq", "-alias", name, "-file", name + ".csr", "-keystore", keystore);
        List<String> sign = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-infile", name + ".csr",
                "-outfile", name + ".pem", "-rfc", "-validity", "30", "-keystore", "ca.p12"));
        if (subjectAlternativeNames != null) {
            sign.addAll(List.of("-ext", subjectAlternativeNames));
        }
        keytool(sign.toArray(String[]::new));
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", keystore);
        keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", keystore);
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(System.getProperty("java.home") + "/bin/keytool"));
        command.addAll(List.of(args));
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", PASSWORD));
        Process process = new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    /** An HTTPS client that trusts the test CA and presents the certificate of {@code keystore} (none if null). */
    private static HttpClient client(String keystore) throws IOException, GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("truststore.p12"));
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keystore == null ? null : load(keystore), PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keystore == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(String file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(DIR.resolve(file))) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    /** A lookup over HTTPS by {@code http}, with the context headers and any more header pairs. */
    private Response lookupOver(HttpClient http, String path, String correlationId, String... more) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).GET()
                .headers("X-Dossier-Id", "MTLS-D1", "X-Procedure-Code", "1.001612", "X-Correlation-Id", correlationId);
        if (more.length > 0) {
            request.headers(more);
        }
        try {
            HttpRequest built = CitizenLookups.complete(request.build());
            HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
            conforms(built, response, true);
            return new Response(response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String id(String name) {
        return name + "-" + System.nanoTime();
    }

    private String ledgerClient(String correlationId) {
        return ledgerTables().queryForObject("SELECT client_id FROM lookup_ledger WHERE correlation_id = ?", String.class,
                correlationId);
    }

    private static void assertUnauthenticated(Response response, String detail) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.header("X-Hub-Error")).isEqualTo("client.unauthenticated");
        assertThat(response.json().path("code").asText()).isEqualTo("client.unauthenticated");
        assertThat(response.json().path("detail").asText()).isEqualTo(detail);
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
    }

    @Test
    void aMappedCertificateIsItsClientAndTheLedgerSaysSo() {
        String correlationId = id("mtls-ok");
        Response response = lookupOver(landOffice, PARCEL, correlationId);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("parcelNumber").asInt()).isEqualTo(345);
        assertThat(ledgerClient(correlationId)).isEqualTo("land-office");
    }

    @Test
    void aMappedCertificateHasOnlyItsClientsGrants() {
        String correlationId = id("mtls-403");
        double refused = refusals("client.forbidden", "land-office");
        Response response = lookupOver(landOffice, CITIZEN, correlationId);

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().path("code").asText()).isEqualTo("client.forbidden");
        MOCKS.verify(0, anyRequestedFor(DATABASE_CALLS));
        assertThat(refusals("client.forbidden", "land-office")).isEqualTo(refused + 1);
    }

    @Test
    void anUnmappedCertificateIs401AndCounted() {
        String correlationId = id("mtls-unmapped");
        double refused = refusals("client.unauthenticated", "anonymous");
        assertUnauthenticated(lookupOver(stranger, PARCEL, correlationId),
                "The client certificate is not mapped to a client");
        assertThat(refusals("client.unauthenticated", "anonymous")).isEqualTo(refused + 1);
    }

    @Test
    void neitherCertificateNorKeyIs401() {
        assertUnauthenticated(lookupOver(anonymous, PARCEL, id("mtls-none")),
                "A credential is required: an X-API-Key header or a client certificate");
    }

    @Test
    void anApiKeyIsTheOnlyCredentialOfARequestThatHasOne() {
        // the provincial system's key, sent over the land office's connection: the key decides
        String correlationId = id("mtls-key-wins");
        assertThat(lookupOver(landOffice, CITIZEN, correlationId, "X-API-Key", PROVINCIAL_KEY).status())
                .isEqualTo(200);
        assertThat(ledgerClient(correlationId)).isEqualTo("provincial-ap-system");
    }

    @Test
    void anUnknownKeyIsRefusedEvenFromAMappedCertificate() {
        // there is no falling back to the certificate
        assertUnauthenticated(lookupOver(landOffice, PARCEL, id("mtls-bad-key"), "X-API-Key", "not-a-key"),
                "Unknown API key");
    }

    @Test
    void anUnmappedCertificateDoesNotStopAnApiKey() {
        String correlationId = id("mtls-stranger-key");
        assertThat(lookupOver(stranger, PARCEL, correlationId, "X-API-Key", LAND_OFFICE_KEY).status())
                .isEqualTo(200);
        assertThat(ledgerClient(correlationId)).isEqualTo("land-office");
    }

    @Test
    void apiKeysKeepWorkingWithoutACertificate() {
        assertThat(lookupOver(anonymous, CITIZEN, id("mtls-key-only"), "X-API-Key", PROVINCIAL_KEY).status())
                .isEqualTo(200);
    }
}
