package dev.uniformpipeline.core.deploy.ecs;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.uniformpipeline.core.deploy.RenderInput;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Splunk;
import dev.uniformpipeline.core.deploy.LogSinks;

import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LogConfiguration;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.Secret;

/**
 * ECS log configurations for the three sinks.
 * <ul>
 *   <li>awslogs: group, region and stream prefix always set (the prefix is required on Fargate, and setting
 *       it everywhere gives the same stream names {@code <prefix>/<container>/<task-id>} on every target);
 *       {@code awslogs-create-group} only when the intent asks, since the deployer creates the group with its
 *       retention first (so a missing group never stops the task).</li>
 *   <li>FireLens: a Fluent Bit router container (essential, {@code enable-ecs-log-metadata}), whose own logs go
 *       to awslogs; application containers use {@code awsfirelens} with the output options, and depend on the
 *       router with condition START.</li>
 *   <li>Splunk: {@code splunk-url} and friends in options; the HEC token only as a {@code secretOptions}
 *       reference, never in plain options.</li>
 * </ul>
 */
public final class EcsLogging {
    private EcsLogging() {
    }

    static LogConfiguration appLogConfiguration(RenderInput in) {
        Logging l = in.service().logging();
        return switch (l.driver()) {
            case AWSLOGS -> awslogs(in, in.logStreamPrefix());
            case FIRELENS -> LogConfiguration.builder().logDriver(LogDriver.AWSFIRELENS).options(LogSinks.fluentBitOutput(in)).build();
            case SPLUNK -> splunk(l);
        };
    }

    /** awslogs options, in a fixed order. */
    static LogConfiguration awslogs(RenderInput in, String prefix) {
        Logging l = in.service().logging();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("awslogs-group", l.group());
        o.put("awslogs-region", in.logRegion());
        o.put("awslogs-stream-prefix", prefix);
        if (l.createGroup()) {
            o.put("awslogs-create-group", "true");
        }
        if (l.driver() == dev.uniformpipeline.core.deploy.ServiceIntent.LogDriver.AWSLOGS) {
            l.options().forEach(o::putIfAbsent);
        }
        return LogConfiguration.builder().logDriver(LogDriver.AWSLOGS).options(o).build();
    }

    /** The FireLens router: essential, Fluent Bit with ECS metadata, its own logs to awslogs. */
    static ContainerDefinition logRouter(RenderInput in) {
        Logging l = in.service().logging();
        ContainerDefinition.Builder c = ContainerDefinition.builder()
                .name(EcsRenderer.LOG_ROUTER)
                .image(l.routerImage())
                .essential(true)
                .memoryReservation(EcsRenderer.LOG_ROUTER_MEMORY_RESERVATION_MIB)
                .firelensConfiguration(EcsRenderer.firelens())
                .user("0");
        if (l.group() != null) {
            c.logConfiguration(awslogs(in, in.logStreamPrefix() + "-firelens"));
        }
        return c.build();
    }

    static LogConfiguration splunk(Logging l) {
        Splunk s = l.splunk();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("splunk-url", s.url());
        if (s.index() != null) {
            o.put("splunk-index", s.index());
        }
        if (s.source() != null) {
            o.put("splunk-source", s.source());
        }
        if (s.sourceType() != null) {
            o.put("splunk-sourcetype", s.sourceType());
        }
        if (s.format() != null) {
            o.put("splunk-format", s.format());
        }
        l.options().forEach(o::putIfAbsent);
        return LogConfiguration.builder()
                .logDriver(LogDriver.SPLUNK)
                .options(o)
                .secretOptions(Secret.builder().name("splunk-token").valueFrom(s.tokenSecretArn()).build())
                .build();
    }
}
