package dev.uniformpipeline.core.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyRequest;
import software.amazon.awssdk.services.applicationautoscaling.model.RegisterScalableTargetRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.CreateLogGroupRequest;
import software.amazon.awssdk.services.cloudwatchlogs.model.PutRetentionPolicyRequest;
import software.amazon.awssdk.services.ecs.model.CreateServiceRequest;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.UpdateServiceRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateRuleRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;

/** The rendered AWS documents read back into SDK requests unchanged, so a deployer can send them. */
class AwsJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, Supplier<SdkPojo>> BUILDERS = Map.ofEntries(
            Map.entry("ecs/register-task-definition.json", () -> (SdkPojo) RegisterTaskDefinitionRequest.builder()),
            Map.entry("ecs/create-service.json", () -> (SdkPojo) CreateServiceRequest.builder()),
            Map.entry("ecs/update-service.json", () -> (SdkPojo) UpdateServiceRequest.builder()),
            Map.entry("elbv2/create-target-group.json", () -> (SdkPojo) CreateTargetGroupRequest.builder()),
            Map.entry("elbv2/modify-target-group.json", () -> (SdkPojo) ModifyTargetGroupRequest.builder()),
            Map.entry("elbv2/modify-target-group-attributes.json", () -> (SdkPojo) ModifyTargetGroupAttributesRequest.builder()),
            Map.entry("elbv2/create-rule.json", () -> (SdkPojo) CreateRuleRequest.builder()),
            Map.entry("logs/create-log-group.json", () -> (SdkPojo) CreateLogGroupRequest.builder()),
            Map.entry("logs/put-retention-policy.json", () -> (SdkPojo) PutRetentionPolicyRequest.builder()),
            Map.entry("application-autoscaling/register-scalable-target.json", () -> (SdkPojo) RegisterScalableTargetRequest.builder()),
            Map.entry("application-autoscaling/put-scaling-policy-cpu.json", () -> (SdkPojo) PutScalingPolicyRequest.builder()),
            Map.entry("application-autoscaling/put-scaling-policy-memory.json", () -> (SdkPojo) PutScalingPolicyRequest.builder()),
            Map.entry("application-autoscaling/put-scaling-policy-requests.json", () -> (SdkPojo) PutScalingPolicyRequest.builder()));

    @Test
    void everyRenderedAwsDocumentReadsBackIntoTheSameSdkRequest() throws Exception {
        int n = 0;
        for (RenderInput in : AwsModelConformanceTest.variety()) {
            for (Map.Entry<String, String> doc : Renderer.standard().render(in).documents().entrySet()) {
                if (doc.getKey().startsWith("k8s/")) {
                    continue;
                }
                JsonNode json = JSON.readTree(doc.getValue());
                SdkPojo builder = AwsJson.read(json, BUILDERS.get(doc.getKey()).get());
                SdkPojo request = (SdkPojo) ((software.amazon.awssdk.utils.builder.Buildable) builder).build();
                assertEquals(json, AwsJson.toJson(request), doc.getKey());
                n++;
            }
        }
        assertTrue(n >= 40, "read back only " + n);
    }

    @Test
    void readingAValueTheDeployerSubstitutedGivesTheTypedRequest() throws Exception {
        RenderedTarget t = Renderer.standard().render(Fixtures.input(Fixtures.fargate()));
        String text = t.document("ecs/create-service.json")
                .replace(Placeholders.taskDefinitionArn("orders-staging"), "arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-staging:8");
        CreateServiceRequest req = AwsJson.read(JSON.readTree(text), CreateServiceRequest.builder()).build();
        assertEquals("arn:aws:ecs:eu-west-1:123456789012:task-definition/orders-staging:8", req.taskDefinition());
        assertEquals(200, req.deploymentConfiguration().maximumPercent());
        assertTrue(req.deploymentConfiguration().deploymentCircuitBreaker().rollback());
        assertEquals("FARGATE", req.launchTypeAsString());
    }

    @Test
    void anUnknownMemberIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AwsJson.read(
                JSON.readTree("{\"family\":\"f\",\"containerDefinitions\":[{\"nmae\":\"x\"}]}"), RegisterTaskDefinitionRequest.builder()));
        assertTrue(e.getMessage().contains("containerDefinitions[0].nmae"), e.getMessage());
    }
}
