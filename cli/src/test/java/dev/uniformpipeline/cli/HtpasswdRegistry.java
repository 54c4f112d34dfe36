package dev.uniformpipeline.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/**
 * Test helper: Debian's docker-registry on 127.0.0.1:&lt;free port&gt;, plain HTTP with htpasswd basic auth, started
 * and stopped by its process. Needs the Debian packages docker-registry and apache2-utils (htpasswd). (The TLS
 * variant lives in pipeline-core's tests; the cli module cannot see test classes of another module.)
 */
final class HtpasswdRegistry implements AutoCloseable {
    final int port;
    private final Process process;

    private HtpasswdRegistry(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    String host() {
        return "127.0.0.1:" + port;
    }

    static HtpasswdRegistry start(Path dir, String user, String password) throws Exception {
        for (String[] tool : new String[][] {{"/usr/bin/docker-registry", "docker-registry"},
                {"/usr/bin/htpasswd", "apache2-utils"}}) {
            if (!Files.isExecutable(Path.of(tool[0]))) {
                throw new IllegalStateException(tool[0] + " is missing: apt-get install -y " + tool[1]);
            }
        }
        Files.createDirectories(dir.resolve("data"));
        Process h = new ProcessBuilder("/usr/bin/htpasswd", "-Bbn", user, password)
                .redirectOutput(dir.resolve("htpasswd").toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!h.waitFor(60, TimeUnit.SECONDS) || h.exitValue() != 0) {
            throw new IllegalStateException("htpasswd failed");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("config.yml"), "version: 0.1\nlog:\n  level: warn\n"
                + "storage:\n  filesystem:\n    rootdirectory: " + dir.resolve("data") + "\n"
                + "http:\n  addr: 127.0.0.1:" + port + "\n  secret: uniform-cli-test\n"
                + "auth:\n  htpasswd:\n    realm: uniform-test\n    path: " + dir.resolve("htpasswd") + "\n");
        Process p = new ProcessBuilder("/usr/bin/docker-registry", "serve", dir.resolve("config.yml").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start();
        Instant deadline = Instant.now().plusSeconds(30);
        while (!accepts(port)) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                p.destroy();
                throw new IllegalStateException("docker-registry did not start: "
                        + Files.readString(dir.resolve("registry.log")));
            }
            Thread.sleep(50);
        }
        return new HtpasswdRegistry(port, p);
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
