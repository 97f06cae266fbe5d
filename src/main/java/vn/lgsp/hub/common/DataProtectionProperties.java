package vn.lgsp.hub.common;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.data-protection.*}: the secrets that keep personal data out of reach at rest.
 *
 * @param encryptionKey base64 of a 256-bit AES key: reuse copies and dossier documents
 * @param subjectHmacSecret the secret the ledger's subject hashes are keyed with (at least 32 characters)
 */
@Validated
@ConfigurationProperties("hub.data-protection")
public record DataProtectionProperties(@NotBlank String encryptionKey, @NotBlank String subjectHmacSecret) {
}
