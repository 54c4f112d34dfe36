package dev.uniformpipeline.localcloud.autoscaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.AdjustmentType;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.PutScalingPolicyResponse;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.StepAdjustment;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

class AutoScalingIT {
    static final String ALB_LABEL = "app/orders-alb/50dc6c495c0c9188/targetgroup/orders-tg/943f017f100becff";
    static LocalCloud cloud;
    static ApplicationAutoScalingClient aas;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().start();
        aas = Sdk.client(ApplicationAutoScalingClient.builder(), cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        aas.close();
        cloud.close();
    }

    static void register(String resource, int min, int max) {
        aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(min).maxCapacity(max));
    }

    @Test
    void scalableTargetsAreRegisteredUpdatedDescribedAndDeregistered() {
        register("service/prod/orders", 0, 10);
        register("service/prod/payments", 2, 4);
        aas.registerScalableTarget(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/orders")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).maxCapacity(20));
        List<ScalableTarget> ts = aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceIds("service/prod/orders")).scalableTargets();
        assertEquals(1, ts.size());
        assertEquals(0, ts.get(0).minCapacity(), "min 0 is allowed for ECS");
        assertEquals(20, ts.get(0).maxCapacity());
        assertTrue(ts.get(0).roleARN().endsWith("AWSServiceRoleForApplicationAutoScaling_ECSService"));
        assertTrue(ts.get(0).creationTime().isAfter(Instant.EPOCH));
        assertTrue(aas.describeScalableTargets(b -> b.serviceNamespace(ServiceNamespace.ECS)).scalableTargets().size()
                >= 2);

        aas.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/payments")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
        ObjectNotFoundException gone = assertThrows(ObjectNotFoundException.class,
                () -> aas.deregisterScalableTarget(b -> b.serviceNamespace(ServiceNamespace.ECS)
                        .resourceId("service/prod/payments").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)));
        assertEquals("ObjectNotFoundException", gone.awsErrorDetails().errorCode());
    }

    @Test
    void invalidTargetsAreValidationExceptions() {
        ValidationException minMax = assertThrows(ValidationException.class, () -> register("service/prod/x", 5, 2));
        assertTrue(minMax.getMessage().contains("greater than maximum"), minMax.getMessage());
        assertThrows(ValidationException.class, () -> register("cluster/prod", 1, 2));
        assertThrows(ValidationException.class, () -> aas.registerScalableTarget(b -> b
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/new")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)));
        assertThrows(ValidationException.class, () -> aas.registerScalableTarget(b -> b
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/new")
                .scalableDimension(ScalableDimension.DYNAMODB_TABLE_READ_CAPACITY_UNITS).minCapacity(1).maxCapacity(2)));
    }

    @Test
    void targetTrackingPoliciesUseEcsPredefinedMetricsWithResourceLabelRules() {
        register("service/prod/tt", 1, 10);
        PutScalingPolicyResponse cpu = aas.putScalingPolicy(b -> b.policyName("cpu60")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/tt")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .targetValue(60.0).scaleInCooldown(300).scaleOutCooldown(60).predefinedMetricSpecification(
                                m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))));
        assertTrue(cpu.policyARN().startsWith("arn:aws:autoscaling:us-east-1:000000000000:scalingPolicy:"),
                cpu.policyARN());
        assertTrue(cpu.policyARN().endsWith(":resource/ecs/service/prod/tt:policyName/cpu60"), cpu.policyARN());
        assertEquals(2, cpu.alarms().size(), "AlarmHigh and AlarmLow");

        aas.putScalingPolicy(b -> b.policyName("requests").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/tt").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .targetValue(1000.0).disableScaleIn(true).predefinedMetricSpecification(m -> m
                                .predefinedMetricType(MetricType.ALB_REQUEST_COUNT_PER_TARGET).resourceLabel(ALB_LABEL))));

        ValidationException noLabel = assertThrows(ValidationException.class, () -> aas.putScalingPolicy(b -> b
                .policyName("r2").serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/tt")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .targetValue(10.0).predefinedMetricSpecification(m -> m
                                .predefinedMetricType(MetricType.ALB_REQUEST_COUNT_PER_TARGET)))));
        assertTrue(noLabel.getMessage().contains("ResourceLabel"), noLabel.getMessage());
        assertThrows(ValidationException.class, () -> aas.putScalingPolicy(b -> b.policyName("r3")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/tt")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .targetValue(10.0).predefinedMetricSpecification(m -> m
                                .predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)
                                .resourceLabel(ALB_LABEL)))));
        assertThrows(ValidationException.class, () -> aas.putScalingPolicy(b -> b.policyName("r4")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/tt")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .targetValue(10.0).predefinedMetricSpecification(m -> m
                                .predefinedMetricType(MetricType.DYNAMO_DB_READ_CAPACITY_UTILIZATION)))));
        assertThrows(ObjectNotFoundException.class, () -> aas.putScalingPolicy(b -> b.policyName("x")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/unregistered")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING).targetTrackingScalingPolicyConfiguration(c -> c
                        .targetValue(10.0).predefinedMetricSpecification(m -> m
                                .predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION)))));

        List<ScalingPolicy> ps = aas.describeScalingPolicies(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/tt")).scalingPolicies();
        assertEquals(List.of("cpu60", "requests"), ps.stream().map(ScalingPolicy::policyName).toList());
        assertEquals(ALB_LABEL, ps.get(1).targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification()
                .resourceLabel());
        assertEquals(1, ps.get(1).alarms().size(), "scale-in disabled: no low alarm");

        aas.deleteScalingPolicy(b -> b.policyName("cpu60").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/tt").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT));
        assertThrows(ObjectNotFoundException.class, () -> aas.deleteScalingPolicy(b -> b.policyName("cpu60")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/tt")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)));
    }

    @Test
    void stepScalingPoliciesNeedContiguousNonOverlappingSteps() {
        register("service/prod/step", 1, 10);
        aas.putScalingPolicy(b -> b.policyName("out").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/step").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.STEP_SCALING).stepScalingPolicyConfiguration(c -> c
                        .adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY).cooldown(60).stepAdjustments(
                                StepAdjustment.builder().metricIntervalLowerBound(0.0).metricIntervalUpperBound(10.0)
                                        .scalingAdjustment(1).build(),
                                StepAdjustment.builder().metricIntervalLowerBound(10.0).scalingAdjustment(3).build())));
        ValidationException overlap = assertThrows(ValidationException.class, () -> aas.putScalingPolicy(b -> b
                .policyName("bad").serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/step")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType(PolicyType.STEP_SCALING)
                .stepScalingPolicyConfiguration(c -> c.adjustmentType(AdjustmentType.CHANGE_IN_CAPACITY)
                        .stepAdjustments(
                                StepAdjustment.builder().metricIntervalLowerBound(0.0).metricIntervalUpperBound(10.0)
                                        .scalingAdjustment(1).build(),
                                StepAdjustment.builder().metricIntervalLowerBound(5.0).scalingAdjustment(3).build()))));
        assertTrue(overlap.getMessage().contains("overlap"), overlap.getMessage());
        assertThrows(ValidationException.class, () -> aas.putScalingPolicy(b -> b.policyName("bad2")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/step")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).policyType(PolicyType.STEP_SCALING)
                .stepScalingPolicyConfiguration(c -> c.adjustmentType(AdjustmentType.EXACT_CAPACITY)
                        .minAdjustmentMagnitude(2).stepAdjustments(StepAdjustment.builder()
                                .metricIntervalLowerBound(0.0).scalingAdjustment(3).build()))));
    }

    @Test
    void scheduledActionsValidateAtRateAndCron() {
        register("service/prod/sched", 1, 10);
        aas.putScheduledAction(b -> b.scheduledActionName("night").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/sched").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .schedule("cron(0 20 ? * MON-FRI *)").timezone("Europe/Berlin")
                .scalableTargetAction(a -> a.minCapacity(1).maxCapacity(2)));
        aas.putScheduledAction(b -> b.scheduledActionName("launch").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/sched").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .schedule("at(2031-01-01T09:00:00)").scalableTargetAction(a -> a.minCapacity(5)));
        aas.putScheduledAction(b -> b.scheduledActionName("hourly").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/sched").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .schedule("rate(1 hour)").scalableTargetAction(a -> a.maxCapacity(8)));
        for (String bad : List.of("cron(0 20 * * * *)", "at(2031-13-01T09:00:00)", "rate(0 hours)", "daily")) {
            ValidationException e = assertThrows(ValidationException.class, () -> aas.putScheduledAction(b -> b
                    .scheduledActionName("bad").serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/sched")
                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).schedule(bad)), bad);
            assertTrue(e.getMessage().contains("Schedule"), e.getMessage());
        }
        assertThrows(ValidationException.class, () -> aas.putScheduledAction(b -> b.scheduledActionName("tz")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/sched")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).schedule("rate(1 hour)")
                .timezone("Mars/Olympus")));
        assertThrows(ObjectNotFoundException.class, () -> aas.putScheduledAction(b -> b.scheduledActionName("x")
                .serviceNamespace(ServiceNamespace.ECS).resourceId("service/prod/nothing")
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).schedule("rate(1 hour)")));
        var actions = aas.describeScheduledActions(b -> b.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/prod/sched")).scheduledActions();
        assertEquals(List.of("night", "launch", "hourly"), actions.stream().map(a -> a.scheduledActionName()).toList());
        assertEquals("Europe/Berlin", actions.get(0).timezone());
        assertEquals(2, actions.get(0).scalableTargetAction().maxCapacity());
        assertTrue(actions.get(0).scheduledActionARN().contains(":scheduledActionName/night"));
    }
}
