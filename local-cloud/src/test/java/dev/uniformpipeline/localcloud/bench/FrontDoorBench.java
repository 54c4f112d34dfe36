package dev.uniformpipeline.localcloud.bench;

import dev.uniformpipeline.localcloud.LocalCloud;
import dev.uniformpipeline.localcloud.Sdk;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.InputLogEvent;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * Not a test: prints how fast the front door answers real SDK clients (query/XML and JSON 1.1), sequentially
 * and from 8 threads. Run: {@code java -cp <test classpath> dev.uniformpipeline.localcloud.bench.FrontDoorBench}.
 */
public final class FrontDoorBench {
    private FrontDoorBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        try (LocalCloud cloud = LocalCloud.builder().start();
                StsClient sts = Sdk.client(StsClient.builder(), cloud.endpoint());
                CloudWatchLogsClient logs = Sdk.client(CloudWatchLogsClient.builder(), cloud.endpoint())) {
            logs.createLogGroup(b -> b.logGroupName("/bench"));
            logs.createLogStream(b -> b.logGroupName("/bench").logStreamName("s"));
            Runnable stsCall = sts::getCallerIdentity;
            Runnable logsCall = () -> logs.putLogEvents(b -> b.logGroupName("/bench").logStreamName("s").logEvents(
                    InputLogEvent.builder().timestamp(cloud.clock().now().toEpochMilli()).message("bench line").build()));
            for (int i = 0; i < 300; i++) {
                stsCall.run();
                logsCall.run();
            }
            report("STS GetCallerIdentity (query/XML), 1 thread", sequential(stsCall, n), n);
            report("Logs PutLogEvents (JSON 1.1), 1 thread", sequential(logsCall, n), n);
            report("STS GetCallerIdentity, 8 threads", parallel(stsCall, n, 8), n);
        }
    }

    private static List<Long> sequential(Runnable call, int n) {
        List<Long> nanos = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run();
            nanos.add(System.nanoTime() - t);
        }
        return nanos;
    }

    private static List<Long> parallel(Runnable call, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> parts = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> sequential(call, n / threads)));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : parts) {
            all.addAll(f.get());
        }
        pool.shutdown();
        return all;
    }

    private static void report(String what, List<Long> nanos, int n) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        long total = nanos.stream().mapToLong(Long::longValue).sum();
        System.out.printf("%-50s n=%d  p50=%.2f ms  p99=%.2f ms  mean=%.2f ms%n", what, sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get((int) (sorted.size() * 0.99)) / 1e6,
                total / 1e6 / sorted.size());
    }
}
