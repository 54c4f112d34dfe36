package dev.uniformpipeline.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.core.api.Plan;
import dev.uniformpipeline.localcloud.LocalCloud;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

/** {@code pipeline plan --output json} against live state (local-cloud): the documented JSON document on stdout. */
class PlanCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void planOutputJsonIsTheDocumentedShapeAndSaysWhatARunWouldCreate() throws Exception {
        try (LocalCloud cloud = LocalCloud.builder().start()) {
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL", cloud.endpoint().toString(),
                    "AWS_ACCESS_KEY_ID", "AKIDLOCAL", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "eu-west-1");
            try (EcsClient ecs = EcsClient.builder().region(Region.EU_WEST_1)
                    .endpointOverride(URI.create(cloud.endpoint().toString()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCAL", "s")))
                    .httpClient(UrlConnectionHttpClient.create()).build()) {
                ecs.createCluster(b -> b.clusterName("staging"));
            }
            Files.writeString(dir.resolve("pipeline.yml"), """
                    apiVersion: uniform.dev/v1
                    kind: Pipeline
                    name: orders
                    source: { git: "." }
                    build: { builder: static }
                    image: { registry: ecr, repository: orders, tags: ["1.0.0"] }
                    service:
                      port: 8080
                      replicas: 2
                      cpu: 0.5
                      memory: 1GiB
                      healthCheck: { path: /health, command: ["CMD-SHELL", "wget -q -O- localhost:8080/health"] }
                      logging: { driver: awslogs, group: "/uniform/orders", retentionDays: 30 }
                      iam: { executionRole: "arn:aws:iam::000000000000:role/orders-execution" }
                    targets:
                      - name: staging
                        type: fargate
                        region: eu-west-1
                        cluster: staging
                        network: { subnets: [subnet-0a1b2c3d], securityGroups: [sg-0a1b2c3d] }
                    """);

            Cli.Result r = Cli.run(dir, env, false, "plan", "--output", "json");

            assertEquals(0, r.exitCode(), r.toString());
            JsonNode json = JSON.readTree(r.out()); // stdout is the JSON document and nothing else
            assertEquals(1, json.get("schemaVersion").asInt(), r.out());
            Plan plan = Plan.parse(r.out());
            assertEquals("orders", plan.pipeline());
            assertEquals(1, plan.targets().size());
            assertFalse(plan.targets().get(0).changes().isEmpty(), r.out());
            plan.targets().get(0).changes().forEach(c -> assertEquals(Plan.Action.CREATE, c.action(), c.toString()));
            assertTrue(plan.targets().get(0).changes().stream().anyMatch(c -> c.resource().startsWith("ecs:")),
                    r.out());
        }
    }
}
