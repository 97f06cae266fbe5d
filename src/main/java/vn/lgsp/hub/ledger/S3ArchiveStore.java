package vn.lgsp.hub.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Archives in an S3-compatible object store (AWS S3, MinIO, Ceph RGW): objects under
 * {@code prefix/ledger-YYYY-MM/}, written with PutObject and read with GetObject, path-style, signed with
 * AWS Signature Version 4 by the AWS SDK. Checksums only where the operation requires them, and no
 * chunked uploads: what S3-compatible stores accept alike.
 */
final class S3ArchiveStore implements ArchiveStore {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;

    S3ArchiveStore(LedgerArchiveProperties.S3 settings) {
        AwsCredentialsProvider credentials = settings.accessKeyId() != null && !settings.accessKeyId().isBlank()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId(),
                        settings.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true)
                        .chunkedEncodingEnabled(false).build());
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = builder.build();
        this.bucket = settings.bucket();
        this.prefix = settings.prefix() == null || settings.prefix().isBlank() ? ""
                : settings.prefix().replaceAll("/+$", "") + "/";
    }

    @Override
    public void put(String name, Path file) throws IOException {
        try {
            s3.putObject(b -> b.bucket(bucket).key(prefix + name), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IOException("S3 PutObject of " + prefix + name + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public InputStream open(String name) throws IOException {
        try {
            return s3.getObject(b -> b.bucket(bucket).key(prefix + name));
        } catch (SdkException e) {
            throw new IOException("S3 GetObject of " + prefix + name + " failed: " + e.getClass().getSimpleName(), e);
        }
    }

    @Override
    public String location(String name) {
        return "s3://" + bucket + "/" + prefix + name;
    }
}
