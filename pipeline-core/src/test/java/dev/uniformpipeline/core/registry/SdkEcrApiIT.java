package dev.uniformpipeline.core.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecr.EcrClient;

/**
 * The real AWS SDK v2 EcrClient, pointed at a local HTTP server that answers the ECR JSON 1.1 protocol
 * (AWS-FACTS §1/§4): checks the operations, targets and request shapes SdkEcrApi sends, and that modeled errors
 * (RepositoryNotFoundException, LifecyclePolicyNotFoundException) are read as "absent".
 */
class SdkEcrApiIT {
    private static final String TARGET_PREFIX = "AmazonEC2ContainerRegistry_V20150921.";
    private HttpServer server;
    private EcrClient client;
    private final List<String> operations = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, JsonNode> bodies = new ConcurrentHashMap<>();
    private final ObjectMapper om = new ObjectMapper();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        client = EcrClient.builder().region(Region.EU_WEST_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        JsonNode body = om.readTree(ex.getRequestBody().readAllBytes());
        String op = target.startsWith(TARGET_PREFIX) ? target.substring(TARGET_PREFIX.length()) : "BAD " + target;
        operations.add(op);
        bodies.put(op, body);
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        int status = 200;
        String response;
        switch (op) {
            case "GetAuthorizationToken" -> response = "{\"authorizationData\":[{\"authorizationToken\":\""
                    + java.util.Base64.getEncoder().encodeToString("AWS:pw-from-ecr".getBytes(StandardCharsets.UTF_8))
                    + "\",\"expiresAt\":1767268800,\"proxyEndpoint\":\"https://123456789012.dkr.ecr.eu-west-1.amazonaws.com\"}]}";
            case "DescribeRepositories" -> {
                status = 400;
                response = "{\"__type\":\"RepositoryNotFoundException\",\"message\":\"The repository with name '"
                        + body.path("repositoryNames").get(0).asText() + "' does not exist\"}";
            }
            case "CreateRepository" -> response = "{\"repository\":{\"repositoryName\":\""
                    + body.path("repositoryName").asText() + "\",\"repositoryUri\":\"123456789012.dkr.ecr.eu-west-1"
                    + ".amazonaws.com/" + body.path("repositoryName").asText() + "\",\"imageTagMutability\":\""
                    + body.path("imageTagMutability").asText() + "\",\"imageScanningConfiguration\":{\"scanOnPush\":"
                    + body.path("imageScanningConfiguration").path("scanOnPush").asBoolean() + "},"
                    + "\"encryptionConfiguration\":{\"encryptionType\":\"AES256\"}}}";
            case "GetLifecyclePolicy" -> {
                status = 400;
                response = "{\"__type\":\"LifecyclePolicyNotFoundException\",\"message\":\"no policy\"}";
            }
            case "PutLifecyclePolicy" -> response = "{\"repositoryName\":\"" + body.path("repositoryName").asText()
                    + "\",\"lifecyclePolicyText\":" + om.writeValueAsString(body.path("lifecyclePolicyText").asText())
                    + "}";
            default -> {
                status = 400;
                response = "{\"__type\":\"ValidationException\",\"message\":\"unexpected " + op + "\"}";
            }
        }
        if (!"application/x-amz-json-1.1".equals(contentType)) {
            status = 400;
            response = "{\"__type\":\"ValidationException\",\"message\":\"content type " + contentType + "\"}";
        }
        byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
        ex.getResponseHeaders().add("x-amzn-RequestId", "req-1");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void ensureRepositoryAndTokenSpeakTheEcrJsonProtocol() throws Exception {
        List<String> events = new ArrayList<>();
        EcrRegistry ecr = new EcrRegistry(region -> new SdkEcrApi(client), events::add);
        EcrRegistry.EcrHost host = EcrRegistry.parse("123456789012.dkr.ecr.eu-west-1.amazonaws.com").orElseThrow();
        LifecyclePolicy policy = LifecyclePolicy.builder().keepLast(30).untaggedOlderThanDays(7).build();
        PushRequest.TagPolicy tags = ecr.ensureRepository(host,
                new EcrRepositorySettings("team/orders", true, true, "AES256", "", policy));
        assertEquals(PushRequest.TagPolicy.IMMUTABLE, tags);
        assertEquals(List.of("DescribeRepositories", "CreateRepository", "GetLifecyclePolicy", "PutLifecyclePolicy"),
                operations);
        JsonNode create = bodies.get("CreateRepository");
        assertEquals("123456789012", create.path("registryId").asText());
        assertEquals("team/orders", create.path("repositoryName").asText());
        assertEquals("IMMUTABLE", create.path("imageTagMutability").asText());
        assertTrue(create.path("imageScanningConfiguration").path("scanOnPush").asBoolean());
        assertEquals("AES256", create.path("encryptionConfiguration").path("encryptionType").asText());
        assertEquals(om.readTree(policy.toJson()),
                om.readTree(bodies.get("PutLifecyclePolicy").path("lifecyclePolicyText").asText()));

        RegistryCredential credential = ecr.freshCredential(host);
        assertEquals("AWS", credential.username());
        assertEquals("pw-from-ecr", credential.secret());
        assertEquals("123456789012", bodies.get("GetAuthorizationToken").path("registryIds").get(0).asText());
    }
}
