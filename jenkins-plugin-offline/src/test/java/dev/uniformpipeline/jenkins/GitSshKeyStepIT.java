package dev.uniformpipeline.jenkins;

import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.core.api.Stage;
import dev.uniformpipeline.jenkinsapi.OfflineJenkins;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.UploadPack;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Git over ssh with a Jenkins 'SSH Username with private key' credential: an in-process Apache MINA sshd on
 * 127.0.0.1 (public-key auth only, serving git-upload-pack with JGit's UploadPack) and a passphrase-protected
 * OpenSSH key held by the credential. The step writes the key to a private temp file on the "agent", pipeline-core
 * clones with it, the file is deleted after the run, and neither the key nor its passphrase reach the console.
 */
class GitSshKeyStepIT {
    static final String PASSPHRASE = "tr0ub4dor-and-3";

    @TempDir
    static Path base;
    static SshServer sshd;
    static String keyText;
    static Path knownHosts;
    static RevCommit served;
    static Git servedRepo;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startServer() throws Exception {
        servedRepo = Git.init().setDirectory(base.resolve("app").toFile()).setInitialBranch("main").call();
        Files.createDirectories(base.resolve("app/public"));
        Files.writeString(base.resolve("app/public/index.html"), "<h1>over ssh</h1>");
        servedRepo.add().addFilepattern(".").call();
        served = servedRepo.commit().setMessage("site").setAuthor("Ada", "ada@example.org")
                .setCommitter("Ada", "ada@example.org").setSign(false).call();

        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        KeyPair client = gen.generateKeyPair();
        OpenSSHKeyEncryptionContext enc = new OpenSSHKeyEncryptionContext();
        enc.setPassword(PASSPHRASE);
        enc.setCipherName("AES");
        enc.setCipherMode("CTR");
        enc.setCipherType("256");
        ByteArrayOutputStream pem = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "jenkins", enc, pem);
        keyText = pem.toString(StandardCharsets.US_ASCII);

        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(base.resolve("hostkey.ser")));
        sshd.setPublickeyAuthenticator((user, key, session) -> "git".equals(user)
                && KeyUtils.compareKeys(key, client.getPublic()));
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new UploadPackCommand(command, servedRepo.getRepository()));
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
        if (servedRepo != null) {
            servedRepo.close();
        }
    }

    @AfterEach
    void forgetCredentials() {
        OfflineJenkins.reset();
    }

    private OfflineBuild build(String gitUrl) throws Exception {
        OfflineBuild build = new OfflineBuild(tmp, Map.of("UNIFORM_BASE_IMAGES", tmp.resolve("bases").toString(),
                "UNIFORM_GIT_SSH_KNOWN_HOSTS", knownHosts.toString()));
        build.pipelineFile("pipeline.yml", """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: site
                source: { git: "%s", ref: main }
                build: { builder: static }
                image: { registry: "127.0.0.1:1", repository: team/site, tags: ["${git.shortSha}"], insecure: true }
                service: { port: 8080, replicas: 1, cpu: 0.25, memory: 512MiB }
                targets:
                  - { name: prod-eks, type: eks, region: eu-west-1, cluster: prod-eks, namespace: site }
                """.formatted(gitUrl));
        OfflineJenkins.addCredentials(new CredentialsTest.SshKeyCredential("deploy-key", "git", List.of(keyText),
                PASSPHRASE));
        return build;
    }

    private static Set<Path> keyDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().startsWith("uniform-git-ssh-")).collect(Collectors.toSet());
        }
    }

    private static void assertNoKeyMaterial(String text) {
        assertFalse(text.contains(PASSPHRASE), text);
        for (String line : keyText.split("\n")) {
            if (!line.startsWith("-----") && line.length() >= 8) {
                assertFalse(text.contains(line), "a line of the private key is in: " + text);
            }
        }
    }

    @Test
    void theJenkinsSshKeyClonesTheSourceAndIsDeletedAfterTheRun() throws Exception {
        OfflineBuild build = build("ssh://git@127.0.0.1:" + sshd.getPort() + "/app");
        Set<Path> before = keyDirs();
        UniformPipelineStep step = new UniformPipelineStep();
        step.setGitCredentialsId("deploy-key");
        step.setDryRun(true);

        step.start(build.context).start();

        Map<?, ?> result = (Map<?, ?>) build.context.result();
        assertEquals("succeeded", result.get("status"));
        RunReport report = RunReport.parse(Files.readString(build.archived("uniform-report.json")));
        assertEquals(served.name(), report.source().orElseThrow().revision());
        assertEquals(RunReport.StageStatus.SUCCEEDED, report.stage(Stage.BUILD).orElseThrow().status());
        String console = build.console.text();
        assertTrue(console.contains("git ssh key from deploy-key"), console);
        assertTrue(console.contains("[uniform] checkout succeeded"), console);
        assertNoKeyMaterial(console);
        assertNoKeyMaterial(Files.readString(build.archived("uniform-report.json")));
        assertEquals(before, keyDirs(), "the key's temp directory is deleted");
        assertEquals(List.of("deploy-key"), OfflineJenkins.trackedIds());
    }

    @Test
    void aFailureMessageThatWouldCarryThePassphraseIsMaskedAndTheKeyIsStillDeleted() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // the pipeline file may interpolate any run variable, the passphrase included: the console must mask it
        OfflineBuild build = build("ssh://git@127.0.0.1:" + closedPort + "/${env.UNIFORM_GIT_SSH_PASSPHRASE}.git");
        Set<Path> before = keyDirs();
        UniformPipelineStep step = new UniformPipelineStep();
        step.setGitCredentialsId("deploy-key");

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'site' at checkout"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("/****.git"), failure.getMessage());
        assertNoKeyMaterial(failure.getMessage());
        assertNoKeyMaterial(build.console.text());
        assertEquals(before, keyDirs());
    }

    @Test
    void withoutTheCredentialTheServerRefusesTheClone() throws Exception {
        OfflineBuild build = build("ssh://git@127.0.0.1:" + sshd.getPort() + "/app");
        UniformPipelineStep step = new UniformPipelineStep();
        step.setDryRun(true);

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        assertTrue(failure.getMessage().startsWith("Uniform Pipeline FAILED: pipeline 'site' at checkout"),
                failure.getMessage());
    }

    /** Serves {@code git-upload-pack '<path>'} for the one repository. */
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
                    if (command.startsWith("git-upload-pack")) {
                        new UploadPack(repository).upload(in, out, err);
                    } else {
                        err.write(("unsupported: " + command + "\n").getBytes(StandardCharsets.UTF_8));
                        code = 1;
                    }
                } catch (IOException e) {
                    code = 1;
                } finally {
                    try {
                        out.flush();
                        err.flush();
                    } catch (IOException ignored) {
                        // the channel is closed already
                    }
                    exit.onExit(code);
                }
            }, "it-upload-pack");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void destroy(ChannelSession channel) {
        }
    }
}
