package dev.uniformpipeline.localcloud.faults;

import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Fault injection, switched per test. Services are named by SigV4 signing name ({@code ecs}, {@code logs},
 * {@code elasticloadbalancing}, {@code sts}, ...); an action of {@code "*"} means every action of the service.
 * The front door consults {@link #apply} for every call and answers the protocol's own error: throttling is
 * {@code ThrottlingException} (JSON), {@code Throttling} (query) or HTTP 429 (rest-json); an injected failure
 * is the service's 500 fault.
 */
public final class Faults {
    /** What the front door must answer instead of calling the service. */
    public enum Injected { THROTTLED, SERVER_ERROR }

    private final CloudClock clock;
    private volatile boolean awsRates;
    private final Map<String, ThrottleRule> customRules = new ConcurrentHashMap<>();
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final Map<String, Duration> latencies = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

    public Faults(CloudClock clock) {
        this.clock = clock;
    }

    /** Throttles at AWS's documented rates (ECS groups of AWS-FACTS §2, Logs CreateLogStream, ECR tokens). */
    public Faults enableAwsThrottling() {
        awsRates = true;
        return this;
    }

    public Faults disableAwsThrottling() {
        awsRates = false;
        buckets.clear();
        return this;
    }

    /** A throttling rule of the test's own (always active, takes precedence over the AWS table). */
    public Faults throttle(String service, String action, int burst, double perSecond) {
        customRules.put(key(service, action), new ThrottleRule("custom:" + key(service, action), burst, perSecond));
        buckets.clear();
        return this;
    }

    /** The next {@code count} calls of the action answer the service's 500 fault. */
    public Faults failNext(String service, String action, int count) {
        failures.computeIfAbsent(key(service, action), k -> new AtomicInteger()).addAndGet(count);
        return this;
    }

    /** Every call of the action is delayed by {@code cloudDelay} of cloud time before it is answered. */
    public Faults addLatency(String service, String action, Duration cloudDelay) {
        latencies.put(key(service, action), cloudDelay);
        return this;
    }

    /** How many calls (attempts, including SDK retries) of the action reached the front door. */
    public int attempts(String service, String action) {
        AtomicInteger n = attempts.get(key(service, action));
        return n == null ? 0 : n.get();
    }

    /** Switches every fault off and forgets the counters. */
    public void reset() {
        awsRates = false;
        customRules.clear();
        buckets.clear();
        failures.clear();
        latencies.clear();
        attempts.clear();
    }

    /**
     * Called by the front door before the service handles a call: counts it, sleeps the injected latency and
     * says whether the call is to be throttled or failed.
     */
    public Optional<Injected> apply(String service, String action, String accountId, String region)
            throws InterruptedException {
        attempts.computeIfAbsent(key(service, action), k -> new AtomicInteger()).incrementAndGet();
        Duration delay = latencies.getOrDefault(key(service, action), latencies.get(key(service, "*")));
        if (delay != null) {
            clock.sleep(delay);
        }
        if (takeFailure(key(service, action)) || takeFailure(key(service, "*"))) {
            return Optional.of(Injected.SERVER_ERROR);
        }
        ThrottleRule rule = customRules.get(key(service, action));
        if (rule == null) {
            rule = customRules.get(key(service, "*"));
        }
        if (rule == null && awsRates) {
            rule = AwsRateTable.rule(service, action).orElse(null);
        }
        if (rule != null) {
            ThrottleRule r = rule;
            TokenBucket bucket = buckets.computeIfAbsent(accountId + "/" + region + "/" + r.group(),
                    k -> new TokenBucket(r.burst(), r.perSecond(), clock.now()));
            if (!bucket.tryTake(clock.now())) {
                return Optional.of(Injected.THROTTLED);
            }
        }
        return Optional.empty();
    }

    private boolean takeFailure(String key) {
        AtomicInteger n = failures.get(key);
        if (n == null) {
            return false;
        }
        while (true) {
            int v = n.get();
            if (v <= 0) {
                return false;
            }
            if (n.compareAndSet(v, v - 1)) {
                return true;
            }
        }
    }

    private static String key(String service, String action) {
        return service + ":" + action;
    }
}
