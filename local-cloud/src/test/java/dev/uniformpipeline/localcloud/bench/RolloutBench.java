package dev.uniformpipeline.localcloud.bench;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.LocalCloudProcess;
import dev.uniformpipeline.localcloud.Sdk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Not a test: prints local-cloud's start-up times and the wall time and peak RSS of a large rollout.
 * <ol>
 * <li>in-process {@code LocalCloud.start()} until the first answered SDK request (STS GetCallerIdentity);</li>
 * <li>standalone {@code LocalCloudProcess.start} until the child answers (a fresh JVM);</li>
 * <li>N services (default 50) × 3 simulated Fargate tasks, each behind its own ALB target group (one ALB, one
 * listener rule per service), at clock factor 20: create, wait for steady state, update all to a new revision,
 * wait until every deployment is COMPLETED.</li>
 * </ol>
 * Run: {@code bench/local-cloud.sh [SERVICES] [CLOCK_FACTOR]}.
 */
public final class RolloutBench {
    private RolloutBench() {
    }

    public static void main(String[] args) throws Exception {
        int services = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        double factor = args.length > 1 ? Double.parseDouble(args[1]) : 20;
        startupInProcess();
        startupStandalone();
        rollout(services, factor);
        System.out.printf("peak RSS (VmHWM) of this JVM: %s%n", vmHwm());
    }

    static void startupInProcess() {
        long t0 = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.builder().start();
                StsClient sts = Sdk.client(StsClient.builder(), cloud.endpoint())) {
            long started = System.nanoTime();
            sts.getCallerIdentity();
            long answered = System.nanoTime();
            System.out.printf("in-process: LocalCloud.start() %d ms, first SDK request answered after %d ms "
                    + "(includes the SDK client's own first-call cost)%n", ms(started - t0), ms(answered - t0));
        }
        long t1 = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.builder().start();
                StsClient sts = Sdk.client(StsClient.builder(), cloud.endpoint())) {
            sts.getCallerIdentity();
            System.out.printf("in-process, second start (warm JVM): start + first request %d ms%n",
                    ms(System.nanoTime() - t1));
        }
    }

    static void startupStandalone() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lc-bench");
        long t0 = System.nanoTime();
        LocalCloudProcess.Info info = LocalCloudProcess.start(LocalCloudProcess.Options.of(dir));
        long ready = System.nanoTime();
        try {
            System.out.printf("standalone: LocalCloudProcess.start to ready (new JVM answering at %s) %d ms%n",
                    info.endpoint(), ms(ready - t0));
        } finally {
            LocalCloudProcess.stop(dir, Duration.ofSeconds(30));
        }
    }

    static void rollout(int n, double factor) throws Exception {
        long t0 = System.nanoTime();
        try (LocalCloud cloud = LocalCloud.builder().clockFactor(factor).start();
                EcsClient ecs = Sdk.client(EcsClient.builder(), cloud.endpoint());
                EcrClient ecr = Sdk.client(EcrClient.builder(), cloud.endpoint());
                ElasticLoadBalancingV2Client elb = Sdk.client(ElasticLoadBalancingV2Client.builder(),
                        cloud.endpoint())) {
            String repo = ecr.createRepository(b -> b.repositoryName("bench")).repository().repositoryUri();
            push(ecr, "v1");
            push(ecr, "v2");
            String lb = elb.createLoadBalancer(b -> b.name("bench").subnets("subnet-1", "subnet-2"))
                    .loadBalancers().get(0).loadBalancerArn();
            String listener = elb.createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(80)
                    .defaultActions(a -> a.type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(f -> f
                            .statusCode("404")))).listeners().get(0).listenerArn();
            ecs.createCluster(b -> b.clusterName("bench"));
            String v1 = taskDefinition(ecs, repo + ":v1");
            String v2 = taskDefinition(ecs, repo + ":v2");

            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                long c0 = System.nanoTime();
                parallel(pool, n, i -> {
                    String tg = elb.createTargetGroup(b -> b.name("svc-" + i).protocol(ProtocolEnum.HTTP).port(8080)
                            .vpcId("vpc-1").targetType(TargetTypeEnum.IP).healthCheckPath("/health")
                            .healthCheckIntervalSeconds(5).healthCheckTimeoutSeconds(2).healthyThresholdCount(2))
                            .targetGroups().get(0).targetGroupArn();
                    elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(tg).attributes(a -> a
                            .key("deregistration_delay.timeout_seconds").value("30")));
                    elb.createRule(b -> b.listenerArn(listener).priority(i + 1)
                            .conditions(c -> c.field("path-pattern").values("/svc-" + i + "/*"))
                            .actions(a -> a.type(ActionTypeEnum.FORWARD).targetGroupArn(tg)));
                    ecs.createService(b -> b.cluster("bench").serviceName("svc-" + i).taskDefinition(v1)
                            .desiredCount(3).launchType(LaunchType.FARGATE)
                            .networkConfiguration(nc -> nc.awsvpcConfiguration(v -> v.subnets("subnet-1")))
                            .loadBalancers(l -> l.targetGroupArn(tg).containerName("web").containerPort(8080)));
                });
                long created = System.nanoTime();
                awaitAll(ecs, n, s -> s.deployments().size() == 1 && s.runningCount() == 3
                        && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
                long steady = System.nanoTime();
                parallel(pool, n, i -> ecs.updateService(b -> b.cluster("bench").service("svc-" + i)
                        .taskDefinition(v2)));
                long updated = System.nanoTime();
                awaitAll(ecs, n, s -> s.deployments().size() == 1 && s.runningCount() == 3
                        && v2.equals(s.deployments().get(0).taskDefinition())
                        && "COMPLETED".equals(s.deployments().get(0).rolloutStateAsString()));
                long done = System.nanoTime();
                System.out.printf("rollout of %d services x 3 tasks at clock factor %.0f (wall time):%n", n, factor);
                System.out.printf("  set-up (cloud start, ECR push, ALB, task definitions) %6d ms%n", ms(c0 - t0));
                System.out.printf("  create %d target groups + rules + services             %6d ms%n", n,
                        ms(created - c0));
                System.out.printf("  until all steady (3 healthy tasks, COMPLETED)        %6d ms  (%.0f cloud s)%n",
                        ms(steady - created), (steady - created) / 1e9 * factor);
                System.out.printf("  update all to the new revision                       %6d ms%n",
                        ms(updated - steady));
                System.out.printf("  until all rollouts COMPLETED                         %6d ms  (%.0f cloud s)%n",
                        ms(done - updated), (done - updated) / 1e9 * factor);
                Map<String, Long> byKind = new java.util.TreeMap<>();
                for (Thread t : Thread.getAllStackTraces().keySet()) {
                    byKind.merge(t.getName().replaceAll("[-0-9]+$", ""), 1L, Long::sum);
                }
                System.out.printf("  live threads at the end: %d %s%n", Thread.activeCount(), byKind);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    interface IndexedCall {
        void run(int i) throws Exception;
    }

    private static void parallel(ExecutorService pool, int n, IndexedCall call) throws Exception {
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int k = i;
            fs.add(pool.submit(() -> {
                call.run(k);
                return null;
            }));
        }
        for (Future<?> f : fs) {
            f.get();
        }
    }

    /** Polls DescribeServices (10 per call, as AWS allows) until every service matches. */
    private static void awaitAll(EcsClient ecs, int n, Predicate<Service> done) throws InterruptedException {
        Map<String, Boolean> finished = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (finished.size() < n) {
            for (int from = 0; from < n; from += 10) {
                List<String> names = new ArrayList<>();
                for (int i = from; i < Math.min(n, from + 10); i++) {
                    if (!finished.containsKey("svc-" + i)) {
                        names.add("svc-" + i);
                    }
                }
                if (names.isEmpty()) {
                    continue;
                }
                for (Service s : ecs.describeServices(b -> b.cluster("bench").services(names)).services()) {
                    if (done.test(s)) {
                        finished.put(s.serviceName(), true);
                    }
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + finished.size() + " of " + n + " services finished");
            }
            Thread.sleep(200);
        }
    }

    private static String taskDefinition(EcsClient ecs, String image) {
        return ecs.registerTaskDefinition(b -> b.family("bench").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .executionRoleArn("arn:aws:iam::000000000000:role/exec")
                .containerDefinitions(ContainerDefinition.builder().name("web").image(image)
                        .portMappings(PortMapping.builder().containerPort(8080).build()).build()))
                .taskDefinition().taskDefinitionArn();
    }

    /** A one-layer image labelled to run simulated and healthy. */
    private static void push(EcrClient ecr, String tag) throws Exception {
        byte[] layer = ("layer " + tag).getBytes(StandardCharsets.UTF_8);
        String layerDigest = blob(ecr, layer);
        byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{\"Labels\":"
                + "{\"uniform.sim.behavior\":\"healthy\"},\"ExposedPorts\":{\"8080/tcp\":{}}},\"rootfs\":"
                + "{\"type\":\"layers\",\"diff_ids\":[\"" + layerDigest + "\"]}}").getBytes(StandardCharsets.UTF_8);
        String configDigest = blob(ecr, config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.docker.container.image.v1+json\",\"size\":"
                + config.length + ",\"digest\":\"" + configDigest + "\"},\"layers\":[{\"mediaType\":"
                + "\"application/vnd.docker.image.rootfs.diff.tar.gzip\",\"size\":" + layer.length + ",\"digest\":\""
                + layerDigest + "\"}]}";
        ecr.putImage(b -> b.repositoryName("bench").imageTag(tag).imageManifest(manifest));
    }

    private static String blob(EcrClient ecr, byte[] data) throws Exception {
        String id = ecr.initiateLayerUpload(b -> b.repositoryName("bench")).uploadId();
        ecr.uploadLayerPart(b -> b.repositoryName("bench").uploadId(id).partFirstByte(0L)
                .partLastByte((long) data.length - 1).layerPartBlob(SdkBytes.fromByteArray(data)));
        String digest = "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        ecr.completeLayerUpload(b -> b.repositoryName("bench").uploadId(id).layerDigests(digest));
        return digest;
    }

    static String vmHwm() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return line.substring(6).trim();
            }
        }
        return "unknown";
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
