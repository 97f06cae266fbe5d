package vn.lgsp.hub.common;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.data-protection.*}: the secrets that keep personal data out of reach at rest, by key version, and
 * the background jobs that move data to the current key and purge what is kept no longer.
 *
 * @param encryptionKey version 1's key: base64 of a 256-bit AES key (reuse copies, dossier documents and
 *                      snapshots, criminal-record requests)
 * @param subjectHmacSecret version 1's secret the subject hashes are keyed with (at least 32 characters)
 * @param keys the versions after the first, by number (2 and up): each an encryption key, an HMAC secret, or
 *             both; an older version keeps only what still has to be read (see docs/production.md)
 * @param currentVersion the version new data is sealed and hashed under; none: the highest configured
 * @param reEncryption the job that moves sealed rows to the current key
 * @param purge the job that deletes expired reuse copies and delivered sync snapshots past their retention
 */
@Validated
@ConfigurationProperties("hub.data-protection")
public record DataProtectionProperties(String encryptionKey, String subjectHmacSecret,
                                       @DefaultValue Map<Integer, Key> keys, Integer currentVersion,
                                       @Valid @DefaultValue ReEncryption reEncryption,
                                       @Valid @DefaultValue Purge purge) {

    /** The highest key version: what a SMALLINT {@code key_version} column holds. */
    public static final int MAX_VERSION = Short.MAX_VALUE;

    /** One key version's secrets; either may be absent from a version that is not the current one. */
    public record Key(String encryptionKey, String subjectHmacSecret) {
    }

    /**
     * @param batchSize rows re-encrypted in one transaction
     * @param intervalMs how often a round looks for rows under an older key (a round goes on until none is left)
     */
    public record ReEncryption(@DefaultValue("100") @Min(1) @Max(10_000) int batchSize,
                               @DefaultValue("600000") @Min(100) long intervalMs) {
    }

    /**
     * @param batchSize rows deleted in one transaction
     * @param intervalMs how often expired copies and old snapshots are looked for
     * @param syncSnapshotRetentionDays how long a dossier version's snapshot is kept after the portal has it
     *                                  (or after it was skipped); a version still to be delivered, or
     *                                  dead-lettered, is never purged
     */
    public record Purge(@DefaultValue("500") @Min(1) @Max(10_000) int batchSize,
                        @DefaultValue("3600000") @Min(100) long intervalMs,
                        @DefaultValue("30") @Min(0) @Max(36_500) int syncSnapshotRetentionDays) {
    }

    @ConstructorBinding
    public DataProtectionProperties {
        keys = keys == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(keys));
        reEncryption = reEncryption == null ? new ReEncryption(100, 600_000) : reEncryption;
        purge = purge == null ? new Purge(500, 3_600_000, 30) : purge;
    }

    /** Version 1 alone (today's two settings), with the jobs' defaults. */
    public DataProtectionProperties(String encryptionKey, String subjectHmacSecret) {
        this(encryptionKey, subjectHmacSecret, Map.of(), null, null, null);
    }

    /** Every configured version's secrets, lowest first: version 1 is {@code encryption-key} and {@code subject-hmac-secret}. */
    public SortedMap<Integer, Key> versions() {
        SortedMap<Integer, Key> versions = new TreeMap<>(keys);
        if (present(encryptionKey) || present(subjectHmacSecret)) {
            versions.put(1, new Key(encryptionKey, subjectHmacSecret));
        }
        return versions;
    }

    /** The property a version's secret is set by, for messages that name a key (never its value). */
    public static String property(int version, String name) {
        return version == 1 ? "hub.data-protection." + name : "hub.data-protection.keys." + version + "." + name;
    }

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
