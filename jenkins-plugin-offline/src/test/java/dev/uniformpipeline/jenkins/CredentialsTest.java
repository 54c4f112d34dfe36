package dev.uniformpipeline.jenkins;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSSessionCredentials;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import dev.uniformpipeline.core.api.RunReport;
import dev.uniformpipeline.jenkinsapi.OfflineJenkins;
import hudson.AbortException;
import hudson.util.Secret;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Credentials: the plugin's own resolver interface, the Jenkins implementation, and masking in the console. */
class CredentialsTest {
    static final String SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String SESSION = "FwoGZXIvYXdzEXAMPLESESSION";
    static final String REGISTRY_PASSWORD = "reg-p4ss-EXAMPLE";
    static final String GIT_TOKEN = "ghp_EXAMPLEtoken1234567890";

    @TempDir
    Path tmp;

    @AfterEach
    void reset() {
        OfflineJenkins.reset();
    }

    @Test
    void credentialIdsBecomeTheEnvironmentCoreReadsAndTheirSecretsAreListedForMasking() throws IOException {
        CredentialResolver fake = new CredentialResolver() {
            @Override
            public AwsKeys aws(String id) {
                assertEquals("aws-prod", id);
                return new AwsKeys("AKIAEXAMPLE", SECRET_KEY, SESSION);
            }

            @Override
            public UsernamePassword usernamePassword(String id) {
                assertEquals("registry", id);
                return new UsernamePassword("ci", REGISTRY_PASSWORD);
            }

            @Override
            public UsernamePassword gitToken(String id) {
                assertEquals("git", id);
                return new UsernamePassword(null, GIT_TOKEN);
            }
        };

        CredentialEnvironment env = CredentialEnvironment.resolve(fake, " aws-prod ", "registry", "git");

        assertEquals(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET_KEY,
                "AWS_SESSION_TOKEN", SESSION, "UNIFORM_REGISTRY_USERNAME", "ci",
                "UNIFORM_REGISTRY_PASSWORD", REGISTRY_PASSWORD, "UNIFORM_GIT_TOKEN", GIT_TOKEN), env.environment());
        assertEquals(Set.of(SECRET_KEY, SESSION, REGISTRY_PASSWORD, GIT_TOKEN), env.secrets());
        assertEquals(Map.of(), CredentialEnvironment.resolve(fake, null, " ", "").environment());
    }

    @Test
    void theJenkinsResolverFindsCredentialsByIdAndTracksTheirUse() throws IOException {
        OfflineJenkins.addCredentials(new Aws("aws-prod"));
        OfflineJenkins.addCredentials(new UserPass("registry", "ci", REGISTRY_PASSWORD));
        OfflineJenkins.addCredentials(new Text("git", GIT_TOKEN));
        JenkinsCredentialResolver resolver = new JenkinsCredentialResolver(null);

        assertEquals(new CredentialResolver.AwsKeys("AKIAEXAMPLE", SECRET_KEY, SESSION), resolver.aws("aws-prod"));
        assertEquals(new CredentialResolver.UsernamePassword("ci", REGISTRY_PASSWORD),
                resolver.usernamePassword("registry"));
        assertEquals(new CredentialResolver.UsernamePassword(null, GIT_TOKEN), resolver.gitToken("git"));
        assertEquals(new CredentialResolver.UsernamePassword("ci", REGISTRY_PASSWORD), resolver.gitToken("registry"));
        assertEquals(List.of("aws-prod", "registry", "git", "registry"), OfflineJenkins.trackedIds());
    }

    @Test
    void aMissingOrWrongKindOfCredentialNamesTheFieldTheIdAndWhatWasExpected() {
        OfflineJenkins.addCredentials(new Text("git", GIT_TOKEN));
        JenkinsCredentialResolver resolver = new JenkinsCredentialResolver(null);

        AbortException e = assertThrows(AbortException.class, () -> resolver.aws("git"));
        assertTrue(e.getMessage().startsWith("awsCredentialsId: no credentials with id 'git'"), e.getMessage());
        assertTrue(e.getMessage().contains("'AWS Credentials'"), e.getMessage());
        assertThrows(AbortException.class, () -> resolver.usernamePassword("nope"));
        assertTrue(OfflineJenkins.trackedIds().isEmpty());
    }

    @Test
    void secretsFromCredentialsReachTheEngineAndAreMaskedInTheConsole() throws Exception {
        OfflineJenkins.addCredentials(new Text("git", GIT_TOKEN));
        OfflineJenkins.addCredentials(new Aws("aws-prod"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        OfflineBuild build = new OfflineBuild(tmp);
        // the engine interpolates ${env.X} from the environment the step hands it: the clone URL carries the token,
        // so the checkout failure message does too, and the console must mask it
        build.pipelineFile("pipeline.yml", OfflineBuild.orders().replace("source: { git: \".\", ref: main }",
                "source: { git: \"http://127.0.0.1:" + closedPort + "/${env.UNIFORM_GIT_TOKEN}/"
                        + "${env.AWS_SECRET_ACCESS_KEY}.git\", ref: main }"));
        UniformPipelineStep step = new UniformPipelineStep();
        step.setGitCredentialsId("git");
        step.setAwsCredentialsId("aws-prod");

        step.start(build.context).start();

        Throwable failure = build.context.failure();
        String console = build.console.text();
        assertFalse(console.contains(GIT_TOKEN), console);
        assertFalse(console.contains(SECRET_KEY), console);
        assertFalse(failure.getMessage().contains(GIT_TOKEN), failure.getMessage());
        assertTrue(console.contains("/****/****.git"), console);
        assertEquals(List.of("aws-prod", "git"), OfflineJenkins.trackedIds());
        // the report (a build artifact) carries the engine's own message; the token was in the URL the user wrote
        RunReport report = RunReport.parse(Files.readString(build.archived("uniform-report.json")));
        assertEquals(RunReport.RunStatus.FAILED, report.status());
    }

    static final String KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
            + "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABBEXAMPLE\n"
            + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5eg\n"
            + "==\n"
            + "-----END OPENSSH PRIVATE KEY-----\n";

    @Test
    void anSshKeyCredentialIsResolvedTrackedAndNeverPutInTheEnvironment() throws IOException {
        OfflineJenkins.addCredentials(new SshKeyCredential("deploy-key", "git", List.of(KEY), "s3cret-phrase"));
        JenkinsCredentialResolver resolver = new JenkinsCredentialResolver(null);

        CredentialEnvironment env = CredentialEnvironment.resolve(resolver, null, null, "deploy-key");

        CredentialResolver.SshKey key = env.gitSshKey();
        assertEquals(new CredentialResolver.SshKey("git", KEY, "s3cret-phrase"), key);
        assertEquals(Map.of(), env.environment(), "the key travels separately, written to a file on the agent");
        assertTrue(env.secrets().contains("s3cret-phrase"));
        assertTrue(env.secrets().contains("b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABBEXAMPLE"));
        assertFalse(env.secrets().contains("=="), "short lines would mask unrelated text");
        assertFalse(env.secrets().stream().anyMatch(x -> x.startsWith("-----")), env.secrets().toString());
        assertEquals(List.of("deploy-key"), OfflineJenkins.trackedIds());
        assertFalse(key.toString().contains("b3BlbnNzaC1") || key.toString().contains("s3cret"), key.toString());
        RunSettings settings = new RunSettings("pipeline.yml", List.of(), null, Map.of(), false, Map.of(),
                env.secrets(), "r.json", dev.uniformpipeline.core.api.Stage.VERIFY, null, null, key);
        assertFalse(settings.toString().contains("b3BlbnNzaC1") || settings.toString().contains("s3cret"),
                settings.toString());
    }

    @Test
    void aTokenIdIsNotAnSshKeyAndAnEmptySshCredentialIsAClearError() throws IOException {
        OfflineJenkins.addCredentials(new Text("git", GIT_TOKEN));
        OfflineJenkins.addCredentials(new SshKeyCredential("empty", "git", List.of(), null));
        JenkinsCredentialResolver resolver = new JenkinsCredentialResolver(null);

        CredentialEnvironment token = CredentialEnvironment.resolve(resolver, null, null, "git");
        assertEquals(null, token.gitSshKey());
        assertEquals(Map.of("UNIFORM_GIT_TOKEN", GIT_TOKEN), token.environment());
        AbortException e = assertThrows(AbortException.class, () -> resolver.gitSshKey("empty"));
        assertTrue(e.getMessage().startsWith("gitCredentialsId: the 'SSH Username with private key' entry 'empty'"
                + " holds no private key"), e.getMessage());
        AbortException missing = assertThrows(AbortException.class, () -> resolver.gitToken("nope"));
        assertTrue(missing.getMessage().contains("'SSH Username with private key'"), missing.getMessage());
    }

    record SshKeyCredential(String getId, String getUsername, List<String> getPrivateKeys, String passphrase)
            implements com.cloudbees.jenkins.plugins.sshcredentials.SSHUserPrivateKey {
        @Override
        public String getPrivateKey() {
            return getPrivateKeys.isEmpty() ? "" : getPrivateKeys.get(0);
        }

        @Override
        public Secret getPassphrase() {
            return passphrase == null ? null : Secret.fromString(passphrase);
        }

        @Override
        public String getDescription() {
            return "test";
        }
    }

    record Aws(String getId) implements AmazonWebServicesCredentials {
        @Override
        public String getDescription() {
            return "test";
        }

        @Override
        public String getDisplayName() {
            return "AKIAEXAMPLE";
        }

        @Override
        public AWSCredentials getCredentials(String mfaToken) {
            return getCredentials();
        }

        @Override
        public AWSCredentials getCredentials() {
            return new AWSSessionCredentials() {
                @Override
                public String getSessionToken() {
                    return SESSION;
                }

                @Override
                public String getAWSAccessKeyId() {
                    return "AKIAEXAMPLE";
                }

                @Override
                public String getAWSSecretKey() {
                    return SECRET_KEY;
                }
            };
        }

        @Override
        public void refresh() {
        }
    }

    record UserPass(String getId, String getUsername, String password) implements StandardUsernamePasswordCredentials {
        @Override
        public Secret getPassword() {
            return Secret.fromString(password);
        }

        @Override
        public String getDescription() {
            return "test";
        }
    }

    record Text(String getId, String secret) implements StringCredentials {
        @Override
        public Secret getSecret() {
            return Secret.fromString(secret);
        }

        @Override
        public String getDescription() {
            return "test";
        }
    }
}
