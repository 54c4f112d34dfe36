package dev.uniformpipeline.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Clones over git:// from a real {@code git daemon} on 127.0.0.1 (needs the Debian package git). */
class GitDaemonCheckoutIT {
    @TempDir
    static Path base;
    static TestRepos.Repo repo;
    static long daemonPid;
    static int port;

    @BeforeAll
    static void startDaemon() throws Exception {
        repo = TestRepos.create(base.resolve("app"));
        port = freePort();
        Path pidFile = base.resolve("daemon.pid");
        Process p = new ProcessBuilder("git", "daemon", "--reuseaddr", "--listen=127.0.0.1", "--port=" + port,
                "--base-path=" + base, "--export-all", "--detach", "--pid-file=" + pidFile, base.toString())
                .redirectErrorStream(true).redirectOutput(base.resolve("daemon.log").toFile()).start();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("git daemon did not start (is the Debian package 'git' installed?): "
                    + Files.readString(base.resolve("daemon.log")));
        }
        Instant deadline = Instant.now().plusSeconds(20);
        while (!Files.exists(pidFile) || Files.readString(pidFile).isBlank() || !accepts(port)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("git daemon did not listen on 127.0.0.1:" + port);
            }
            Thread.sleep(50);
        }
        daemonPid = Long.parseLong(Files.readString(pidFile).strip());
    }

    @AfterAll
    static void stopDaemon() throws Exception {
        if (repo != null) {
            repo.close();
        }
        if (daemonPid > 0) {
            ProcessHandle.of(daemonPid).ifPresent(h -> {
                h.destroy();
                h.onExit().orTimeout(10, TimeUnit.SECONDS).join();
            });
        }
    }

    private final CheckoutService service = new CheckoutService();

    @Test
    void gitProtocolClonesATagShallow(@TempDir Path out) throws Exception {
        SourceRevision rev = service.checkout(CheckoutRequest.builder("git://127.0.0.1:" + port + "/app")
                .ref("v1.1").depth(1).directory(out.resolve("w")).timeout(Duration.ofSeconds(20)).build());
        assertEquals(repo.c3.name(), rev.sha());
        assertEquals("v1.1", rev.tag());
        try (Git git = Git.open(out.resolve("w").toFile())) {
            int commits = 0;
            for (var ignored : git.log().call()) {
                commits++;
            }
            assertEquals(1, commits);
        }
    }

    @Test
    void gitProtocolClonesTheDefaultBranch(@TempDir Path out) throws Exception {
        SourceRevision rev = service.checkout(CheckoutRequest.builder("git://127.0.0.1:" + port + "/app")
                .directory(out.resolve("w")).build());
        assertEquals("main", rev.branch());
        assertEquals(repo.c3.name(), rev.sha());
        assertEquals("three\n", Files.readString(out.resolve("w/app.txt")));
    }

    @Test
    void unknownRepositoryOnTheDaemonIsNotFound(@TempDir Path out) {
        String url = "git://127.0.0.1:" + port + "/nothing-here";
        CheckoutException e = org.junit.jupiter.api.Assertions.assertThrows(CheckoutException.class,
                () -> service.checkout(CheckoutRequest.builder(url).directory(out.resolve("w")).build()));
        assertEquals(CheckoutException.Reason.REPOSITORY_NOT_FOUND, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(url), e.getMessage());
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
