package dev.uniformpipeline.core.engine;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecr.EcrClient;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ECR client the push stage builds signs with the run's keys and calls the run's endpoint. */
class RunAwsCredentialsIT {
    @Test
    void theEcrClientSignsWithTheKeysOfTheRunsEnvironmentAndCallsItsEndpoint() throws Exception {
        List<String> authorizations = new CopyOnWriteArrayList<>();
        List<String> tokens = new CopyOnWriteArrayList<>();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            tokens.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Security-Token")));
            byte[] body = "{\"authorizationData\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try (EcrClient ecr = ImageStageWorks.ecrClient("eu-west-1", Map.of(
                "AWS_ENDPOINT_URL", "http://127.0.0.1:" + server.getAddress().getPort(),
                "AWS_ACCESS_KEY_ID", "AKIDFROMTHERUN", "AWS_SECRET_ACCESS_KEY", "secret-from-the-run",
                "AWS_SESSION_TOKEN", "token-from-the-run"))) {
            ecr.getAuthorizationToken();
        } finally {
            server.stop(0);
        }

        assertEquals(1, authorizations.size(), authorizations.toString());
        assertTrue(authorizations.get(0).contains("Credential=AKIDFROMTHERUN/"), authorizations.get(0));
        assertTrue(authorizations.get(0).contains("/eu-west-1/ecr/aws4_request"), authorizations.get(0));
        assertEquals("token-from-the-run", tokens.get(0));
    }
}
