package dev.uniformpipeline.localcloud;

import dev.uniformpipeline.localcloud.autoscaling.AutoScalingService;
import dev.uniformpipeline.localcloud.ecr.EcrService;
import dev.uniformpipeline.localcloud.ecs.EcsService;
import dev.uniformpipeline.localcloud.eks.EksService;
import dev.uniformpipeline.localcloud.elb.ElbService;
import dev.uniformpipeline.localcloud.events.EventsService;
import dev.uniformpipeline.localcloud.logs.LogsService;
import dev.uniformpipeline.localcloud.sts.StsService;
import java.util.List;

/**
 * Every service local-cloud serves. Adding a service is one line here: a constructor taking a
 * {@link ServiceContext}. Order does not matter: cross-service references made with
 * {@link ServiceContext#lookup(Class)} resolve on first use.
 */
final class ServiceCatalog {
    private ServiceCatalog() {
    }

    static List<ServiceFactory> all() {
        return List.of(
                StsService::new,
                LogsService::new,
                AutoScalingService::new,
                EventsService::new,
                EcsService::new,
                context -> ElbService.builder(context.clock()).instanceAddress(id -> context.find(EcsService.class)
                        .flatMap(ecs -> ecs.containerInstanceAddress(id)).orElse("127.0.0.1")).build(),
                EcrService::create,
                EksService::new
        );
    }
}
