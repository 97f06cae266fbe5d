package vn.lgsp.hub.messaging;

import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded ActiveMQ Artemis broker of the default run (persistent journal under
 * {@code hub.data-dir}, see application.yml).
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedBrokerConfig {

    /**
     * The broker's JMX management is off: the hub does not use it, and its audit logging calls
     * {@code Subject.getSubject}, which JDK 24 and later refuse, so the broker would not start there.
     */
    @Bean
    ArtemisConfigurationCustomizer hubBrokerConfiguration() {
        return configuration -> configuration.setJMXManagementEnabled(false);
    }
}
