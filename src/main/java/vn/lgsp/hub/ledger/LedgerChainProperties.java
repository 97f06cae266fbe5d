package vn.lgsp.hub.ledger;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.ledger.chain.*}: the signed checkpoints of the ledger's hash chain (docs/design.md, "Tamper
 * evidence").
 *
 * @param privateKey base64 PKCS#8 Ed25519 private key the checkpoints are signed with (no default; the dev
 *                   profile carries a development key that a production start refuses)
 * @param publicKey its public key, base64 X.509: what an auditor verifies checkpoints with
 * @param previousPublicKeys public keys of keys replaced, so the checkpoints they signed still verify
 * @param checkpointIntervalMs how often the batches appended since the last checkpoint are verified and,
 *                             when they verify, the chain's head signed
 * @param verifyRowsPerRound the ledger rows a checkpoint round reads and hashes again at most: the rows of the
 *                           batches after the last ones it read, so that the whole ledger is read once, at a
 *                           bounded cost per round
 */
@Validated
@ConfigurationProperties("hub.ledger.chain")
public record LedgerChainProperties(@NotBlank String privateKey, @NotBlank String publicKey,
                                    @DefaultValue List<String> previousPublicKeys,
                                    @DefaultValue("60000") @Min(100) long checkpointIntervalMs,
                                    @DefaultValue("20000") @Min(1) int verifyRowsPerRound) {
}
