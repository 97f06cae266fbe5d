package vn.lgsp.hub.devmocks;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Starts the WireMock mocks of {@code mock-endpoints/} in-process, so that the default run needs
 * nothing but a JDK: the sources' base URLs of the dev profile point at it. This class and WireMock
 * are on the test classpath only, which {@code mvn spring-boot:run} uses: the production jar carries
 * no mock server. The request journal is off unless {@code hub.mocks.request-journal-entries} bounds
 * it, so a long run does not keep every request in memory.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "hub.mocks.enabled", havingValue = "true")
class MockEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(MockEndpoints.class);

    @Bean(destroyMethod = "stop")
    WireMockServer mockEndpointsServer(MockEndpointsProperties properties) {
        Path root = Path.of(properties.rootDir());
        if (!Files.isDirectory(root.resolve("mappings"))) {
            throw new IllegalStateException("hub.mocks.root-dir has no mappings/ folder: " + root.toAbsolutePath());
        }
        WireMockConfiguration options = options()
                .port(properties.port())
                .bindAddress("127.0.0.1")
                .usingFilesUnderDirectory(root.toString())
                .containerThreads(64)
                .notifier(new Slf4jNotifier(false));
        if (properties.requestJournalEntries() > 0) {
            options.maxRequestJournalEntries(properties.requestJournalEntries());
        } else {
            options.disableRequestJournal();
        }
        WireMockServer server = new WireMockServer(options);
        server.start();
        LOG.info("national database mocks from {} listening on http://127.0.0.1:{}", root, server.port());
        return server;
    }
}
