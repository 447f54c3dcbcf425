package dev.hyperforge.tracker.blob;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} in an S3-compatible bucket through the AWS SDK for Java v2, so that workers on several
 * machines share one artifact store. Objects are {@code <prefix>/sha256/ab/abcdef…}. A put spools the stream
 * to a local temporary file while hashing (the key is the hash), skips the upload when the object exists,
 * and uploads the file otherwise; S3 publishes an object only when its upload completes. Credentials come
 * only from the SDK's default provider chain (environment variables, system properties, profile files,
 * container and instance roles): never from the URL, never stored, never printed.
 *
 * <pre>{@code
 * // a local S3 server: path-style access and an endpoint override
 * BlobStore store = new S3BlobStore(S3Location.parse("s3://artifacts/team-a?endpoint=http://127.0.0.1:9000&region=us-east-1"));
 * }</pre>
 */
public final class S3BlobStore implements BlobStore {
    private final S3Client s3;
    private final S3Location where;

    /**
     * A store with a client built from the location (endpoint, region, path style) and the default credentials.
     *
     * @param where bucket, prefix and client settings
     */
    public S3BlobStore(S3Location where) {
        this(where, DefaultCredentialsProvider.builder().build());
    }

    /**
     * A store with explicit credentials (tests against a local server).
     *
     * @param where bucket, prefix and client settings
     * @param credentials the credentials provider
     */
    public S3BlobStore(S3Location where, AwsCredentialsProvider credentials) {
        this.where = Objects.requireNonNull(where, "where");
        S3ClientBuilder b = S3Client.builder().httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(credentials)
                .region(Region.of(where.region()))
                .forcePathStyle(where.pathStyle())
                // S3-compatible servers differ in which optional checksums they accept: send and check only required ones
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (where.endpoint() != null) {
            b.endpointOverride(URI.create(where.endpoint()));
        }
        this.s3 = b.build();
    }

    @Override
    public String location() {
        return where.url();
    }

    @Override
    public StoredObject put(InputStream content) {
        BlobKeys.Spooled s = BlobKeys.spool(content, null);
        try {
            String name = where.objectName(s.key());
            if (!exists(s.key())) {
                s3.putObject(r -> r.bucket(where.bucket()).key(name).contentLength(s.size()), RequestBody.fromFile(s.file()));
            }
            return new StoredObject(s.key(), s.size(), s.sha256());
        } catch (SdkException e) {
            throw new UncheckedIOException("cannot upload an artifact to " + location() + ": " + e.getMessage(),
                    new java.io.IOException(e));
        } finally {
            BlobKeys.deleteQuietly(s.file());
        }
    }

    @Override
    public InputStream open(String key, String expectedSha256, String what) {
        String name = where.objectName(BlobKeys.check(key));
        try {
            return new VerifyingInputStream(s3.getObject(r -> r.bucket(where.bucket()).key(name)), expectedSha256, what);
        } catch (NoSuchKeyException e) {
            throw new MissingObjectException(what, location() + "/" + key, expectedSha256);
        } catch (SdkException e) {
            throw new UncheckedIOException("cannot read artifact " + what + " from " + location() + ": " + e.getMessage(),
                    new java.io.IOException(e));
        }
    }

    @Override
    public boolean exists(String key) {
        String name = where.objectName(BlobKeys.check(key));
        try {
            s3.headObject(r -> r.bucket(where.bucket()).key(name));
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new UncheckedIOException("cannot reach " + location() + ": " + e.getMessage(), new java.io.IOException(e));
        }
    }

    @Override
    public boolean delete(String key) {
        if (!exists(key)) {
            return false;
        }
        s3.deleteObject(r -> r.bucket(where.bucket()).key(where.objectName(key)));
        return true;
    }

    @Override
    public List<StoredObject> list() {
        List<StoredObject> out = new ArrayList<>();
        String prefix = where.objectName("sha256/");
        for (S3Object o : s3.listObjectsV2Paginator(r -> r.bucket(where.bucket()).prefix(prefix)).contents()) {
            String key = o.key().substring(prefix.length() - "sha256/".length());
            if (BlobKeys.isKey(key)) {
                out.add(new StoredObject(key, o.size(), key.substring(key.lastIndexOf('/') + 1)));
            }
        }
        out.sort(Comparator.comparing(StoredObject::key));
        return out;
    }

    @Override
    public void close() {
        s3.close();
    }

    @Override
    public String toString() {
        return location();
    }
}
