package vn.lgsp.hub.ledger;

import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import java.time.Period;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code hub.ledger.archive.*}: how long the ledger's rows stay in the database, and where a month goes before
 * they leave it (docs/operations.md, "Retention and archives").
 *
 * @param retention how long a month's rows stay in the database after the month ends; then the month is
 *                  archived, the archive read back and verified, and its rows removed (a partition dropped
 *                  on PostgreSQL). The daily counters stay, so reports over archived months are unchanged
 * @param directory where archives are written when no S3 bucket is set: a directory the operator backs up
 * @param s3 an S3-compatible store instead (its bucket set)
 * @param intervalMs how often an instance checks for months past retention (one instance of a cluster at a time)
 * @param reimportHold how long the rows of an archive brought back for an investigation stay before they are
 *                     removed again
 */
@Validated
@ConfigurationProperties("hub.ledger.archive")
public record LedgerArchiveProperties(@DefaultValue("P5Y") Period retention,
                                      @DefaultValue("data/ledger-archive") Path directory,
                                      @DefaultValue S3 s3,
                                      @DefaultValue("3600000") @Min(1000) long intervalMs,
                                      @DefaultValue("P30D") Period reimportHold) {

    /**
     * An S3-compatible object store (AWS S3, MinIO, Ceph): archives are written under {@code prefix} in
     * {@code bucket}; path-style addressing, as most S3-compatible stores need.
     */
    public record S3(String endpoint, @DefaultValue("us-east-1") String region, String bucket,
                     @DefaultValue("") String prefix, String accessKeyId, String secretAccessKey) {

        public boolean configured() {
            return bucket != null && !bucket.isBlank();
        }
    }
}
