package dev.uniformpipeline.core.deploy.eks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.plan.LiveStateException;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The EKS reader: GET by kind/namespace/name against a (mock) API server; 404 is absent. */
@EnableKubernetesMockClient(crud = true)
class EksCurrentStateTest {
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void anExistingDeploymentIsReturnedAsTheApiServerHasItAndAMissingOneIsAbsent() {
        client.apps().deployments().inNamespace("orders").resource(new DeploymentBuilder()
                .withNewMetadata().withName("orders").withNamespace("orders").endMetadata()
                .withNewSpec().withReplicas(3).endSpec().build()).create();
        EksCurrentState state = new EksCurrentState("prod-eks", client);

        Optional<JsonNode> found = state.find(ResourceRef.k8s("apps/v1", "Deployment", "orders", "orders"));
        Optional<JsonNode> missing = state.find(ResourceRef.k8s("apps/v1", "Deployment", "orders", "payments"));

        assertEquals(3, found.orElseThrow().path("spec").path("replicas").asInt(), found.toString());
        assertEquals("orders", found.get().path("metadata").path("name").asText());
        assertTrue(missing.isEmpty(), missing.toString());
    }

    @Test
    void theConnectionComesFromKubeconfigInTheRunsEnvironment() throws Exception {
        Path kubeconfig = dir.resolve("config");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters: [ { name: prod, cluster: { server: "https://127.0.0.1:6443" } } ]
                users: [ { name: ci, user: { token: abc } } ]
                contexts: [ { name: prod, context: { cluster: prod, user: ci, namespace: orders } } ]
                current-context: prod
                """);
        Config config = EksCurrentState.config("prod-eks", "prod", Map.of("KUBECONFIG", kubeconfig.toString()));
        assertEquals("https://127.0.0.1:6443/", config.getMasterUrl());
    }

    @Test
    void noKubeconfigAndNotInAClusterIsAnErrorNamingTheFix() {
        LiveStateException e = assertThrows(LiveStateException.class,
                () -> EksCurrentState.config("prod-eks", "prod", Map.of("HOME", dir.toString())));
        assertTrue(e.getMessage().contains("aws eks update-kubeconfig --name prod"), e.getMessage());
    }
}
