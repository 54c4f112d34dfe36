package dev.uniformpipeline.localcloud.elb;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;

/**
 * Prints requests per second through an ALB's port (keep-alive, GET, one local target), with 1 and 8
 * client threads. Not a test: run it with the test classpath, e.g.
 * {@code java -cp target/test-classes:target/classes:<deps> dev.uniformpipeline.localcloud.elb.ElbDataPlaneBenchmark}.
 */
public final class ElbDataPlaneBenchmark {
    private ElbDataPlaneBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try (TargetServer app = new TargetServer("bench"); LocalElb env = new LocalElb(50)) {
            LoadBalancer lb = env.createAlb("bench");
            String tg = env.createTargetGroup("bench", b -> { });
            env.forwardListener(lb.loadBalancerArn(), tg);
            env.register(tg, app.port());
            LocalElb.await("healthy", () -> env.health(tg, app.port()).stateAsString().equals("healthy"));
            URI uri = URI.create("http://" + lb.dnsName() + "/bench");
            for (int threads : new int[] {1, 8}) {
                run(uri, threads, 1000); // warm-up
                long start = System.nanoTime();
                long done = run(uri, threads, 3000);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("threads=%d requests=%d seconds=%.2f req/s=%.0f%n", threads, done, seconds,
                        done / seconds);
            }
        }
    }

    private static long run(URI uri, int threads, long millis) throws InterruptedException {
        AtomicLong count = new AtomicLong();
        long end = System.currentTimeMillis() + millis;
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpRequest req = HttpRequest.newBuilder(uri).build();
                while (System.currentTimeMillis() < end) {
                    try {
                        if (http.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                            count.incrementAndGet();
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            t.join();
        }
        return count.get();
    }
}
