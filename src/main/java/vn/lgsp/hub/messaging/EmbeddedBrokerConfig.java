package vn.lgsp.hub.messaging;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The embedded ActiveMQ Artemis broker of the default run (persistent journal under
 * {@code hub.data-dir}, see application.yml). The hub's routes retry and dead-letter messages
 * themselves; should a consumer transaction still roll back (a crash, a failing dead-letter
 * step), the broker redelivers with a growing delay and never discards the message. Message
 * groups are kept in a bounded number of buckets, so ordering by group never grows memory.
 */
@Configuration(proxyBeanMethods = false)
class EmbeddedBrokerConfig {

    @Bean
    ArtemisConfigurationCustomizer hubAddressSettings() {
        return configuration -> configuration.addAddressSetting("#", new AddressSettings()
                .setMaxDeliveryAttempts(-1)
                .setExpiryAddress(SimpleString.of("ExpiryQueue"))
                .setRedeliveryDelay(1000)
                .setRedeliveryMultiplier(2)
                .setMaxRedeliveryDelay(60_000)
                // message groups (dossier ids, request ids) hash into a bounded set of buckets
                .setDefaultGroupBuckets(1024));
    }
}
