package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.Stage;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Per-stage timeouts (each target's deploy and verify get the full stage timeout) and the whole-run timeout. */
record Timeouts(Map<Stage, Duration> perStage, Optional<Duration> run) {
    static final Map<Stage, Duration> DEFAULTS = Map.of(
            Stage.CHECKOUT, Duration.ofMinutes(10),
            Stage.BUILD, Duration.ofMinutes(30),
            Stage.PUSH, Duration.ofMinutes(30),
            Stage.DEPLOY, Duration.ofMinutes(15),
            Stage.VERIFY, Duration.ofMinutes(30));

    Timeouts {
        Map<Stage, Duration> all = new EnumMap<>(DEFAULTS);
        all.putAll(perStage);
        all.values().forEach(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive, got " + d);
            }
        });
        perStage = Map.copyOf(all);
    }

    Duration of(Stage stage) {
        return perStage.get(stage);
    }
}
