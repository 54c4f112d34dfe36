package dev.uniformpipeline.localcloud.ecs;

import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import dev.uniformpipeline.localcloud.spi.TargetRegistry;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A small ELBv2 stand-in for ECS tests: targets start {@code initial}, become {@code healthy} after one passing
 * HTTP check and {@code unhealthy} after two failing ones (checks run at most every {@code intervalSeconds} of
 * cloud time, when health is read); deregistered targets drain for the group's delay, then are {@code unused}.
 */
final class FakeTargetRegistry implements TargetRegistry {
    private final CloudClock clock;
    private final Map<String, TargetGroupInfo> groups = new ConcurrentHashMap<>();
    private final Map<String, State> targets = new ConcurrentHashMap<>();
    private final Function<String, String> instanceAddress;
    private final int intervalSeconds;

    private static final class State {
        String state = "initial";
        Instant drainUntil;
        Instant lastCheck;
        int failures;
        String description;
        String reason = "Elb.RegistrationInProgress";
    }

    FakeTargetRegistry(CloudClock clock, int intervalSeconds, Function<String, String> instanceAddress) {
        this.clock = clock;
        this.intervalSeconds = intervalSeconds;
        this.instanceAddress = instanceAddress;
    }

    String addGroup(String name, String targetType, int port, String healthPath, int deregistrationDelay) {
        String arn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + name + "/0123456789abcdef";
        groups.put(arn, new TargetGroupInfo(arn, name, targetType, port, healthPath, deregistrationDelay, true));
        return arn;
    }

    String addUnattachedGroup(String name) {
        String arn = "arn:aws:elasticloadbalancing:us-east-1:000000000000:targetgroup/" + name + "/fedcba9876543210";
        groups.put(arn, new TargetGroupInfo(arn, name, "ip", 80, "/", 0, false));
        return arn;
    }

    private static String key(String tg, String id, int port) {
        return tg + "|" + id + "|" + port;
    }

    /** Targets currently registered (not draining or gone) in a group. */
    long registeredCount(String tg) {
        return targets.entrySet().stream().filter(e -> e.getKey().startsWith(tg + "|"))
                .filter(e -> !"draining".equals(e.getValue().state) && !"unused".equals(e.getValue().state)).count();
    }

    /** "id:port" of every target ever registered in a group. */
    java.util.List<String> targetIds(String tg) {
        return targets.keySet().stream().filter(k -> k.startsWith(tg + "|")).map(k -> k.substring(tg.length() + 1)
                .replace('|', ':')).sorted().toList();
    }

    @Override
    public void register(String tg, String id, int port) throws AwsException {
        if (!groups.containsKey(tg)) {
            throw AwsException.client("TargetGroupNotFound", "One or more target groups not found");
        }
        targets.put(key(tg, id, port), new State());
    }

    @Override
    public void deregister(String tg, String id, int port) throws AwsException {
        State s = targets.get(key(tg, id, port));
        if (s == null) {
            throw AwsException.client("InvalidTarget", "The target is not registered");
        }
        synchronized (s) {
            s.state = "draining";
            s.reason = "Target.DeregistrationInProgress";
            s.drainUntil = clock.now().plusSeconds(groups.get(tg).deregistrationDelaySeconds());
        }
    }

    @Override
    public TargetHealth health(String tg, String id, int port) throws AwsException {
        State s = targets.get(key(tg, id, port));
        if (s == null) {
            return new TargetHealth("unused", "Target.NotRegistered", "Target is not registered to the target group");
        }
        synchronized (s) {
            Instant now = clock.now();
            if ("draining".equals(s.state)) {
                if (!now.isBefore(s.drainUntil)) {
                    s.state = "unused";
                    s.reason = "Target.NotRegistered";
                }
            } else if (!"unused".equals(s.state)
                    && (s.lastCheck == null || !now.isBefore(s.lastCheck.plusSeconds(intervalSeconds)))) {
                s.lastCheck = now;
                check(s, groups.get(tg), id, port);
            }
            return new TargetHealth(s.state, "healthy".equals(s.state) ? null : s.reason,
                    "healthy".equals(s.state) ? null : s.description);
        }
    }

    private void check(State s, TargetGroupInfo g, String id, int port) {
        String ip = "ip".equals(g.targetType()) ? id : instanceAddress.apply(id);
        int code;
        try {
            HttpURLConnection c = (HttpURLConnection) new URL("http://" + ip + ":" + port + g.healthCheckPath())
                    .openConnection();
            c.setConnectTimeout(300);
            c.setReadTimeout(300);
            code = c.getResponseCode();
            c.disconnect();
        } catch (IOException e) {
            code = -1;
        }
        if (code >= 200 && code < 400) {
            s.state = "healthy";
            s.failures = 0;
            s.description = null;
            s.reason = null;
            return;
        }
        s.failures++;
        s.reason = code < 0 ? "Target.FailedHealthChecks" : "Target.ResponseCodeMismatch";
        s.description = code < 0 ? "Health checks failed" : "Health checks failed with these codes: [" + code + "]";
        if (s.failures >= 2) {
            s.state = "unhealthy";
        } else if ("initial".equals(s.state)) {
            s.reason = "Elb.InitialHealthChecking";
            s.description = "Initial health checks in progress";
        }
    }

    @Override
    public Optional<TargetGroupInfo> targetGroup(String arn) {
        return Optional.ofNullable(groups.get(arn));
    }
}
