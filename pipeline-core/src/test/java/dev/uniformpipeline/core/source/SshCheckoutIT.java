package dev.uniformpipeline.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clones over ssh from an in-process Apache MINA sshd server (public-key auth only) that serves git-upload-pack
 * with JGit's UploadPack.
 */
class SshCheckoutIT {
    @TempDir
    static Path base;
    static TestRepos.Repo repo;
    static SshServer sshd;
    static KeyPair clientKey;
    static Path clientKeyFile;
    static Path knownHosts;

    @BeforeAll
    static void startServer() throws Exception {
        repo = TestRepos.create(base.resolve("app"));
        clientKey = rsa();
        clientKeyFile = writePkcs8(base.resolve("id_rsa"), clientKey);
        PublicKey allowed = clientKey.getPublic();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(base.resolve("hostkey.ser")));
        sshd.setPublickeyAuthenticator((user, key, session) -> "git".equals(user) && KeyUtils.compareKeys(key, allowed));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new UploadPackCommand(command, repo.git.getRepository()));
        sshd.start();
        KeyPair host = sshd.getKeyPairProvider().loadKeys(null).iterator().next();
        knownHosts = base.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + sshd.getPort() + " "
                + PublicKeyEntry.toString(host.getPublic()) + "\n");
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (sshd != null) {
            sshd.stop(true);
        }
        if (repo != null) {
            repo.close();
        }
    }

    private String url() {
        return "ssh://git@127.0.0.1:" + sshd.getPort() + "/app";
    }

    @Test
    void sshKeyClonesABranch(@TempDir Path out) throws Exception {
        SourceRevision rev = new CheckoutService().checkout(CheckoutRequest.builder(url()).ref("feature/login")
                .credentials(GitCredentials.sshKey(clientKeyFile, knownHosts)).directory(out.resolve("w")).build());
        assertEquals(repo.c2.name(), rev.sha());
        assertEquals("feature/login", rev.branch());
        assertEquals("two\n", Files.readString(out.resolve("w/README.md")));
    }

    @Test
    void aKeyTheServerDoesNotKnowIsAnAuthenticationError(@TempDir Path out) throws Exception {
        Path other = writePkcs8(out.resolve("other_rsa"), rsa());
        CheckoutException e = assertThrows(CheckoutException.class, () -> new CheckoutService().checkout(
                CheckoutRequest.builder(url()).credentials(GitCredentials.sshKey(other, knownHosts))
                        .directory(out.resolve("w")).build()));
        assertEquals(CheckoutException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(other.toString()), e.getMessage());
    }

    @Test
    void anUnknownHostKeyIsRefused(@TempDir Path out) throws Exception {
        Path empty = Files.writeString(out.resolve("empty_known_hosts"), "");
        CheckoutException e = assertThrows(CheckoutException.class, () -> new CheckoutService().checkout(
                CheckoutRequest.builder(url()).credentials(GitCredentials.sshKey(clientKeyFile, empty))
                        .directory(out.resolve("w")).build()));
        assertEquals(CheckoutException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("known_hosts"), e.getMessage());
    }

    @Test
    void aPassphraseProtectedKeyClonesWithItsPassphrase(@TempDir Path out) throws Exception {
        Path encrypted = writeEncrypted(out.resolve("id_enc"), clientKey, "correct horse");
        SourceRevision rev = new CheckoutService().checkout(CheckoutRequest.builder(url()).ref("feature/login")
                .credentials(GitCredentials.sshKey(encrypted, knownHosts, "correct horse"))
                .directory(out.resolve("w")).build());
        assertEquals(repo.c2.name(), rev.sha());
    }

    @Test
    void aWrongPassphraseFailsAndIsNeverShown(@TempDir Path out) throws Exception {
        Path encrypted = writeEncrypted(out.resolve("id_enc"), clientKey, "correct horse");
        GitCredentials wrong = GitCredentials.sshKey(encrypted, knownHosts, "battery staple");
        CheckoutException e = assertThrows(CheckoutException.class, () -> new CheckoutService().checkout(
                CheckoutRequest.builder(url()).credentials(wrong).directory(out.resolve("w")).build()));
        assertTrue(!e.getMessage().contains("battery staple"), e.getMessage());
        assertTrue(!wrong.toString().contains("battery staple"), wrong.toString());
    }

    @Test
    void aRunWithTheKeyFileInItsEnvironmentChecksOutAnSshSource(@TempDir Path out) throws Exception {
        Path encrypted = writeEncrypted(out.resolve("id_enc"), clientKey, "correct horse");
        String file;
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("source: { git: \".\", ref: main }", "source: { git: \"" + url() + "\", ref: feature/login }");
        }
        Files.writeString(out.resolve("pipeline.yml"), file);
        java.util.Map<String, String> env = java.util.Map.of(GitCredentials.SSH_KEY_FILE_ENV, encrypted.toString(),
                GitCredentials.SSH_PASSPHRASE_ENV, "correct horse",
                GitCredentials.SSH_KNOWN_HOSTS_ENV, knownHosts.toString());

        dev.uniformpipeline.core.api.RunReport report = dev.uniformpipeline.core.api.UniformPipeline.builder()
                .workingDirectory(out).pipelineFile(Path.of("pipeline.yml")).environment(env)
                .lastStage(dev.uniformpipeline.core.api.Stage.CHECKOUT).build().run();

        assertEquals(dev.uniformpipeline.core.api.RunReport.RunStatus.SUCCEEDED, report.status(), report.toJson());
        assertEquals(repo.c2.name(), report.source().orElseThrow().revision());
        assertTrue(!report.toJson().contains("correct horse"));
    }

    @Test
    void withoutTheKeyInTheEnvironmentTheSameRunFailsAtCheckout(@TempDir Path out) throws Exception {
        String file;
        try (InputStream in = getClass().getResourceAsStream("/spec/basic.yml")) {
            file = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("source: { git: \".\", ref: main }", "source: { git: \"" + url() + "\", ref: feature/login }");
        }
        Files.writeString(out.resolve("pipeline.yml"), file);
        dev.uniformpipeline.core.api.RunReport report = dev.uniformpipeline.core.api.UniformPipeline.builder()
                .workingDirectory(out).pipelineFile(Path.of("pipeline.yml"))
                .environment(java.util.Map.of("HOME", out.toString()))
                .lastStage(dev.uniformpipeline.core.api.Stage.CHECKOUT).build().run();
        assertEquals(dev.uniformpipeline.core.api.RunReport.RunStatus.FAILED, report.status(), report.toJson());
        assertEquals(dev.uniformpipeline.core.api.Stage.CHECKOUT, report.failure().orElseThrow().stage());
    }

    static Path writeEncrypted(Path file, KeyPair pair, String passphrase) throws Exception {
        org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext ctx =
                new org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext();
        ctx.setPassword(passphrase);
        ctx.setCipherName("AES");
        ctx.setCipherMode("CTR");
        ctx.setCipherType("256");
        try (OutputStream o = Files.newOutputStream(file)) {
            org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter.INSTANCE
                    .writePrivateKey(pair, "test", ctx, o);
        }
        assertTrue(Files.readString(file).contains("BEGIN OPENSSH PRIVATE KEY"));
        return file;
    }

    static KeyPair rsa() throws Exception {
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        return gen.generateKeyPair();
    }

    static Path writePkcs8(Path file, KeyPair pair) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded());
        Files.writeString(file, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
        return file;
    }

    /** Serves {@code git-upload-pack '<path>'} for the one test repository. */
    static final class UploadPackCommand implements Command {
        private final String command;
        private final Repository repository;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        UploadPackCommand(String command, Repository repository) {
            this.command = command;
            this.repository = repository;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread t = new Thread(() -> {
                int code = 0;
                try {
                    if (!List.of(command.split(" ")).get(0).equals("git-upload-pack")) {
                        err.write(("unsupported command: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                        err.flush();
                        code = 1;
                    } else {
                        new UploadPack(repository).upload(in, out, err);
                    }
                } catch (IOException e) {
                    code = 1;
                } finally {
                    try {
                        out.flush();
                    } catch (IOException ignored) {
                        // channel already closed
                    }
                    exit.onExit(code);
                }
            }, "test-upload-pack");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void destroy(ChannelSession channel) { }
    }
}
