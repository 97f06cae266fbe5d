package vn.lgsp.hub.devmocks;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hub.mocks.*}: the WireMock mocks of the national databases and the portal
 * ({@code mock-endpoints/}), started inside the hub for development. Off unless enabled; the
 * dev profile enables them. {@code request-journal-entries}: how many requests the mocks remember for
 * {@code /__admin/requests} (0, the default: none).
 */
@ConfigurationProperties("hub.mocks")
record MockEndpointsProperties(@DefaultValue("false") boolean enabled,
                               @DefaultValue("8089") int port,
                               @DefaultValue("mock-endpoints") String rootDir,
                               @DefaultValue("0") int requestJournalEntries) {
}
