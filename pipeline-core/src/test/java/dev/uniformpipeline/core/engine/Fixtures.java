package dev.uniformpipeline.core.engine;

import dev.uniformpipeline.core.api.PipelineEvent;
import dev.uniformpipeline.core.api.PipelineRun;
import dev.uniformpipeline.core.api.Stage;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A two-target pipeline and stage doubles that succeed, for tests to override one stage at a time. */
final class Fixtures {
    static final PipelineDefinition PIPELINE = new PipelineDefinition("orders", "pipeline.yml", Optional.empty(),
            new PipelineDefinition.SourceRef(".", Optional.of("main")),
            new PipelineDefinition.ImageRef("localhost:5000", "orders", List.of("v1")),
            List.of(new PipelineDefinition.TargetRef("staging", "ecs-fargate"),
                    new PipelineDefinition.TargetRef("prod-eks", "eks")),
            null);

    static final String SHA = "3f2a9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b";
    static final CheckoutStage.Work CHECKOUT_OK = (pipeline, dir, ctx) -> {
        ctx.log("checked out");
        return new CheckoutResult(dir, SHA, pipeline.source().ref(), Optional.of("main"), Optional.empty(),
                Optional.empty(), Optional.empty());
    };
    static final BuildStage.Work BUILD_OK = (checkout, image, ctx) -> {
        ctx.progress("layers", 50);
        return new BuiltImage(image.registry() + "/" + image.repository(), image.tags(), Optional.empty(), Map.of(),
                Map.of());
    };
    static final PushStage.Work PUSH_OK = (source, built, ctx) -> new PushedImage(built.repository(), "sha256:" + "d".repeat(64),
            built.tags(), Map.of());
    static final DeployStage.Work DEPLOY_OK = (source, target, image, ctx) ->
            new Deployment(target.name(), "dep-" + target.name(), "rolled " + image.reference());
    static final VerifyStage.Work VERIFY_OK = (target, deployment, ctx) -> new Verdict(target.name(), "healthy");

    static StageWorks allSucceed() {
        return new StageWorks(CHECKOUT_OK, BUILD_OK, PUSH_OK, DEPLOY_OK, VERIFY_OK);
    }

    /** Collects events; thread-safe. */
    static final class Events {
        final List<PipelineEvent> all = new CopyOnWriteArrayList<>();

        void add(PipelineEvent e) {
            all.add(e);
        }

        /** Compact form: {@code StageStarted:deploy:staging}. */
        List<String> compact() {
            return all.stream().map(e -> e.getClass().getSimpleName()
                    + e.stage().map(s -> ":" + s.id()).orElse("")
                    + e.target().map(t -> ":" + t).orElse("")).toList();
        }
    }

    static RunRequest request(Events events, boolean dryRun, Map<Stage, Duration> timeouts,
                              Optional<Duration> runTimeout) {
        return new RunRequest(Path.of("/tmp/pipeline.yml"), "pipeline.yml", Path.of("/tmp"), Optional.empty(),
                Map.of(), List.of(), Map.of(), dryRun, List.of(events::add), timeouts, runTimeout,
                Stage.VERIFY, RunStart.fromSource());
    }

    static RunRequest request(Events events) {
        return request(events, false, Map.of(), Optional.empty());
    }

    static Engine engine(StageWorks works) {
        return new Engine(request -> PIPELINE, Engine.NOT_IMPLEMENTED_PLANNER, Engine.NOT_IMPLEMENTED_RENDERER, works,
                Clock.systemUTC(), Duration.ofSeconds(10));
    }

    static PipelineRun start(StageWorks works, RunRequest request) throws Exception {
        return engine(works).start(request);
    }

    private Fixtures() {
    }
}
