package vn.lgsp.hub.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.validation.annotation.Validated;

/**
 * Mutual TLS: maps the subject of a client certificate (one the server's trust store accepted
 * during the TLS handshake) to a client of {@code hub.security.clients}, whose roles and source
 * grants then apply. Subjects are compared as distinguished names in their canonical form, so
 * letter case, spaces and the order of attributes within one RDN do not matter.
 */
@Component
class ClientCertificates {

    private final Map<String, HubClient> bySubject = new HashMap<>();

    ClientCertificates(Properties properties, SecurityProperties security) {
        Map<String, SecurityProperties.Client> clients = new HashMap<>();
        security.clients().forEach(c -> clients.put(c.id(), c));
        for (Mapping mapping : properties.clients()) {
            SecurityProperties.Client c = clients.get(mapping.clientId());
            if (c == null) {
                throw new IllegalStateException("hub.security.mtls.clients: client-id " + mapping.clientId()
                        + " is not one of hub.security.clients");
            }
            String subject = canonical(mapping.subject());
            if (bySubject.put(subject, c.toHubClient()) != null) {
                throw new IllegalStateException("hub.security.mtls.clients: the subject " + mapping.subject()
                        + " is mapped more than once");
            }
        }
    }

    /** Whether any certificate subject is mapped, i.e. client certificates identify clients at all. */
    boolean configured() {
        return !bySubject.isEmpty();
    }

    Optional<HubClient> resolve(X509Certificate certificate) {
        return Optional.ofNullable(bySubject.get(
                certificate.getSubjectX500Principal().getName(X500Principal.CANONICAL)));
    }

    private static String canonical(String subject) {
        try {
            return new X500Principal(subject).getName(X500Principal.CANONICAL);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("hub.security.mtls.clients: " + subject
                    + " is not a distinguished name (e.g. CN=land-office.lgsp.local,O=So TNMT,C=VN)", e);
        }
    }

    /** {@code hub.security.mtls.clients[]}: which certificate subject is which client. */
    @Validated
    @ConfigurationProperties("hub.security.mtls")
    record Properties(@Valid List<Mapping> clients) {

        Properties {
            clients = clients == null ? List.of() : List.copyOf(clients);
        }
    }

    /**
     * @param subject the certificate's full subject distinguished name, e.g. {@code CN=land-office.lgsp.local,O=So TNMT,C=VN}
     * @param clientId the id of a client in {@code hub.security.clients}
     */
    record Mapping(@NotBlank String subject, @NotBlank String clientId) {
    }
}
