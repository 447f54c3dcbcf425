package dev.hyperforge.tracker.blob;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The blob store contract against an S3-compatible server (S3Proxy) on loopback, through the AWS SDK. */
class S3BlobStoreTest extends BlobStoreContract {
    @TempDir
    static Path work;
    static S3TestServer server;
    static S3Client admin;
    static int buckets;
    S3BlobStore current;
    String bucket;

    @BeforeAll
    static void startServer() throws Exception {
        server = S3TestServer.start(work);
        admin = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .credentialsProvider(S3TestServer.credentials()).forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .endpointOverride(URI.create(server.endpoint())).build();
    }

    @AfterAll
    static void stopServer() {
        if (admin != null) {
            admin.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeStore() {
        if (current != null) {
            current.close();
        }
    }

    @Override
    protected BlobStore store() {
        if (current == null) {
            bucket = "hf-bucket-" + (++buckets);
            admin.createBucket(r -> r.bucket(bucket));
            current = new S3BlobStore(S3Location.parse("s3://" + bucket + "/team/a?endpoint=" + server.endpoint()),
                    S3TestServer.credentials());
        }
        return current;
    }

    @Override
    protected void overwrite(String key, byte[] bytes) {
        admin.putObject(r -> r.bucket(bucket).key("team/a/" + key), RequestBody.fromBytes(bytes));
    }

    @Test
    void objectsLiveUnderThePrefixAndTheLocationCarriesNoSecret() {
        StoredObject o = store().put(new ByteArrayInputStream(new byte[] {9, 8, 7}));
        assertEquals(1, admin.listObjectsV2(r -> r.bucket(bucket).prefix("team/a/" + o.key())).keyCount());
        assertEquals("s3://" + bucket + "/team/a?endpoint=" + server.endpoint(), store().location());
        assertTrue(!store().location().contains(S3TestServer.SECRET));
    }

    @Test
    void urlsWithCredentialsOrUnknownParametersAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://key:secret@bucket/p"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://bucket/p?secret_key=x"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://bucket/../p"));
    }
}
