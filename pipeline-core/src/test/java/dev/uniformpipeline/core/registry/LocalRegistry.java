package dev.uniformpipeline.core.registry;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: Debian's docker-registry (Distribution 2.8) on 127.0.0.1:&lt;free port&gt; with htpasswd basic auth,
 * plain HTTP or TLS with a certificate signed by a throwaway CA (made with openssl). Started and stopped by pid.
 * Needs the Debian packages docker-registry, apache2-utils (htpasswd) and openssl.
 */
public final class LocalRegistry implements AutoCloseable {
    public static final String USER = "ci-user";
    public static final String PASSWORD = "Reg1stry-S3cret!";

    final Path dir;
    final int port;
    final boolean tls;
    final Path caPem;
    private final Process process;

    private LocalRegistry(Path dir, int port, boolean tls, Path caPem, Process process) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
        this.caPem = caPem;
        this.process = process;
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    RegistryEndpoint endpoint() {
        return tls ? RegistryEndpoint.https(host(), caPem) : RegistryEndpoint.plainHttp(host());
    }

    public static LocalRegistry start(Path dir, boolean tls) throws Exception {
        require("/usr/bin/docker-registry", "docker-registry");
        require("/usr/bin/htpasswd", "apache2-utils");
        Files.createDirectories(dir.resolve("data"));
        run(dir, List.of("sh", "-c", "htpasswd -Bbn '" + USER + "' '" + PASSWORD + "' > htpasswd"));
        Path caPem = null;
        String tlsBlock = "";
        if (tls) {
            require("/usr/bin/openssl", "openssl");
            run(dir, List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out",
                    "ca.pem", "-days", "2", "-subj", "/CN=uniform-test-ca"));
            run(dir, List.of("openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out",
                    "server.csr", "-subj", "/CN=127.0.0.1"));
            Files.writeString(dir.resolve("ext.cnf"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
                    + "basicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n");
            run(dir, List.of("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "ext.cnf"));
            caPem = dir.resolve("ca.pem");
            tlsBlock = "  tls:\n    certificate: " + dir.resolve("server.pem") + "\n    key: "
                    + dir.resolve("server.key") + "\n";
        }
        int port = freePort();
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\n"
                + "log:\n  level: warn\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data") + "\n  delete:\n    enabled: true\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: uniform-test-secret\n" + tlsBlock
                + "auth:\n  htpasswd:\n    realm: uniform-test\n    path: " + dir.resolve("htpasswd") + "\n",
                StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!accepts(port)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                p.destroy();
                throw new IllegalStateException("docker-registry did not start on 127.0.0.1:" + port + ": "
                        + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
        return new LocalRegistry(dir, port, tls, caPem, p);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static void require(String file, String debianPackage) {
        if (!Files.isExecutable(Path.of(file))) {
            throw new IllegalStateException(file + " is missing: apt-get install -y " + debianPackage);
        }
    }

    static void run(Path dir, List<String> cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(cmd.get(0) + " failed: " + out);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
