package dev.uniformpipeline.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class LocalCloudSessionTest {
    private static final URI ENDPOINT = URI.create("http://127.0.0.1:4566");

    private static Terminal terminal(Map<String, String> env) {
        return new Terminal(Path.of("/src/orders"), env, new PrintWriter(new StringWriter()),
                new PrintWriter(new StringWriter()), false);
    }

    @Test
    void theStateDirIsTheOptionThenTheEnvironmentThenDotUniform() {
        Map<String, String> env = Map.of(LocalCloudSession.STATE_ENV, "/var/lc");
        assertEquals(Path.of("/src/orders/x"), LocalCloudSession.stateDir(terminal(env), "x"));
        assertEquals(Path.of("/var/lc"), LocalCloudSession.stateDir(terminal(env), null));
        assertEquals(Path.of("/src/orders/.uniform/local-cloud"), LocalCloudSession.stateDir(terminal(Map.of()), null));
    }

    @Test
    void theLocalEnvironmentReplacesEveryAwsEndpointAndCredentialAndKeepsTheRest() {
        Map<String, String> user = Map.of("PATH", "/usr/bin", "AWS_ENDPOINT_URL_ECR", "https://real.example",
                "AWS_ENDPOINT_URL", "https://other.example", "AWS_ACCESS_KEY_ID", "AKIAREAL",
                "AWS_SECRET_ACCESS_KEY", "real", "AWS_SESSION_TOKEN", "tok", "AWS_PROFILE", "prod");

        Map<String, String> env = LocalCloudSession.localEnvironment(ENDPOINT, user);

        assertEquals("/usr/bin", env.get("PATH"));
        assertEquals("http://127.0.0.1:4566", env.get("AWS_ENDPOINT_URL"));
        assertFalse(env.containsKey("AWS_ENDPOINT_URL_ECR"), env.toString());
        assertEquals(LocalCloudSession.ACCESS_KEY_ID, env.get("AWS_ACCESS_KEY_ID"));
        assertEquals(LocalCloudSession.SECRET_ACCESS_KEY, env.get("AWS_SECRET_ACCESS_KEY"));
        assertFalse(env.containsKey("AWS_SESSION_TOKEN"), env.toString());
        assertFalse(env.containsKey("AWS_PROFILE"), env.toString());
        assertEquals("us-east-1", env.get("AWS_REGION"));
        assertEquals("us-east-1", env.get("AWS_DEFAULT_REGION"));
    }

    @Test
    void theUsersRegionIsKept() {
        assertEquals("eu-west-1", LocalCloudSession.localEnvironment(ENDPOINT, Map.of("AWS_DEFAULT_REGION", "eu-west-1"))
                .get("AWS_REGION"));
        assertEquals("eu-central-1", LocalCloudSession.awsVariables(ENDPOINT, Map.of("AWS_REGION", "eu-central-1"))
                .get("AWS_REGION"));
    }
}
