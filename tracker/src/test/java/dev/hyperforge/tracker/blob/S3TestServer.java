package dev.hyperforge.tracker.blob;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * S3Proxy with its in-memory ("transient") blob store, run as a child JVM on 127.0.0.1 from the jar that the
 * build copies to {@code target/s3proxy/s3proxy.jar}; no network beyond loopback.
 */
final class S3TestServer implements AutoCloseable {
    static final String IDENTITY = "hf-test-identity";
    static final String SECRET = "hf-test-secret";

    private final Process process;
    private final int port;
    private final Path log;

    private S3TestServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static S3TestServer start(Path workDir) throws IOException, InterruptedException {
        Path jar = Path.of("target", "s3proxy", "s3proxy.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing; the build copies it in process-test-resources");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path props = workDir.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n", "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4", "s3proxy.identity=" + IDENTITY, "s3proxy.credential=" + SECRET,
                "jclouds.provider=transient", "jclouds.identity=x", "jclouds.credential=y", ""));
        Path log = workDir.resolve("s3proxy.log");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toAbsolutePath().toString(),
                "--properties", props.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3TestServer server = new S3TestServer(p, port, log);
        server.awaitListening();
        return server;
    }

    private void awaitListening() throws InterruptedException, IOException {
        for (int i = 0; i < 1200; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException("S3Proxy exited: " + Files.readString(log));
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("S3Proxy did not listen on port " + port + ": " + Files.readString(log));
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(IDENTITY, SECRET));
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
