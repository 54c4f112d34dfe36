package dev.uniformpipeline.localcloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.uniformpipeline.localcloud.ecs.runtime.SimulatedRuntime;
import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.RequestContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Local ECS with fakes of its neighbours, a scaled clock and the simulated runtime. */
final class EcsFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    final ScaledClock clock;
    final Fakes.Images images = new Fakes.Images();
    final Fakes.Logs logs = new Fakes.Logs();
    final Fakes.Events events = new Fakes.Events();
    final FakeTargetRegistry elb;
    final EcsService ecs;
    final RequestContext ctx = new RequestContext("us-east-1", "000000000000", "AKIDLOCAL", "req-1");
    private final List<String> tgs = new ArrayList<>();

    EcsFixture(double factor) {
        this(factor, EcsTimings.defaults());
    }

    EcsFixture(double factor, EcsTimings timings) {
        clock = new ScaledClock(factor);
        EcsService[] self = new EcsService[1];
        elb = new FakeTargetRegistry(clock, 5, id -> self[0].containerInstanceAddress(id).orElse(id));
        ecs = new EcsService(clock, elb, logs, images, events, new SimulatedRuntime(clock),
                dev.uniformpipeline.localcloud.ecs.runtime.LoopbackAddressPool.shared(), timings);
        self[0] = ecs;
    }

    static ObjectNode json(String s) {
        try {
            return (ObjectNode) JSON.readTree(s.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode call(String op, String body) throws AwsException {
        return ecs.call(op, json(body), ctx);
    }

    JsonNode call(String op, JsonNode body) throws AwsException {
        return ecs.call(op, body, ctx);
    }

    /** Registers a Fargate task definition running {@code image} on port 8080; returns its ARN. */
    String fargateTaskDef(String family, String image) throws AwsException {
        return call("RegisterTaskDefinition", "{'family':'" + family + "','networkMode':'awsvpc',"
                + "'requiresCompatibilities':['FARGATE'],'cpu':'256','memory':'512',"
                + "'executionRoleArn':'arn:aws:iam::000000000000:role/exec',"
                + "'containerDefinitions':[{'name':'web','image':'" + image + "','essential':true,"
                + "'portMappings':[{'containerPort':8080}]}]}")
                .path("taskDefinition").path("taskDefinitionArn").asText();
    }

    /**
     * Cluster {@code c} whose default capacity provider is the Auto Scaling group provider {@code prod-asg}, with
     * one container instance of {@code cpu} units and {@code memoryMiB}; returns the instance's ARN.
     */
    String ec2ClusterWithOneInstance(int cpu, int memoryMiB) throws AwsException {
        call("CreateCluster", "{'clusterName':'c'}");
        call("CreateCapacityProvider", "{'name':'prod-asg','autoScalingGroupProvider':{'autoScalingGroupArn':"
                + "'arn:aws:autoscaling:us-east-1:000000000000:autoScalingGroup:1:autoScalingGroupName/prod'}}");
        call("PutClusterCapacityProviders", "{'cluster':'c','capacityProviders':['prod-asg'],"
                + "'defaultCapacityProviderStrategy':[{'capacityProvider':'prod-asg','weight':1}]}");
        return ecs.registerContainerInstance(ctx, "c", "prod-asg", cpu, memoryMiB);
    }

    /** Registers family {@code b}: one healthy container {@code web} (port 8080) reserving 400 MiB; its ARN. */
    String ec2TaskDefOf400MiB() throws AwsException {
        String image = images.add("web:1", behavior("healthy"));
        return call("RegisterTaskDefinition", "{'family':'b','containerDefinitions':[{'name':'web','image':'"
                + image + "','memory':400,'portMappings':[{'containerPort':8080}]}]}")
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    /** A Fargate revision of family {@code web} running image {@code web:<tag>} that behaves as {@code behavior}. */
    String webRevision(String tag, String behavior) throws AwsException {
        return fargateTaskDef("web", images.add("web:" + tag, behavior(behavior)));
    }

    static String net() {
        return "{'awsvpcConfiguration':{'subnets':['subnet-1'],'securityGroups':['sg-1']}}";
    }

    JsonNode service(String cluster, String name) throws AwsException {
        return call("DescribeServices", "{'cluster':'" + cluster + "','services':['" + name + "']}")
                .path("services").get(0);
    }

    JsonNode task(String cluster, String arn) throws AwsException {
        return call("DescribeTasks", "{'cluster':'" + cluster + "','tasks':['" + arn + "']}").path("tasks").get(0);
    }

    List<JsonNode> tasks(String cluster, String serviceName, String desired) throws AwsException {
        JsonNode arns = call("ListTasks", "{'cluster':'" + cluster + "','serviceName':'" + serviceName
                + "','desiredStatus':'" + desired + "'}").path("taskArns");
        List<JsonNode> out = new ArrayList<>();
        if (arns.isEmpty()) {
            return out;
        }
        ObjectNode req = JSON.createObjectNode().put("cluster", cluster);
        req.set("tasks", arns);
        call("DescribeTasks", req).path("tasks").forEach(out::add);
        return out;
    }

    static List<String> messages(JsonNode service) {
        List<String> out = new ArrayList<>();
        service.path("events").forEach(e -> out.add(e.path("message").asText()));
        return out;
    }

    /** Polls (wall time) until the supplier's value satisfies the predicate; returns that value. */
    <T> T await(String what, Duration wallTimeout, Supplier<T> supplier, Predicate<T> done) {
        long deadline = System.nanoTime() + wallTimeout.toNanos();
        T last = null;
        while (System.nanoTime() < deadline) {
            last = supplier.get();
            if (done.test(last)) {
                return last;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("timed out waiting for " + what + "; last value: " + last);
    }

    interface Call<T> {
        T get() throws AwsException;
    }

    static <T> Supplier<T> unchecked(Call<T> c) {
        return () -> {
            try {
                return c.get();
            } catch (AwsException e) {
                throw new AssertionError(e.code() + ": " + e.getMessage(), e);
            }
        };
    }

    static Map<String, String> behavior(String b) {
        return Map.of("uniform.sim.behavior", b);
    }

    @Override
    public void close() {
        ecs.close();
    }
}
