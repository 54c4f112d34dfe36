package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.Rendering;
import picocli.CommandLine.Command;

/** {@code pipeline render}: the documents each target's platform would receive. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Print what each target would receive: ECS task definition and service, Kubernetes objects.")
final class RenderCommand extends Subcommand {
    @Override
    public Integer call() throws Exception {
        Rendering rendering = top.builder(top.pipelineFile()).build().render();
        if (json()) {
            out().println(rendering.toJson());
            return ExitCode.OK;
        }
        for (Rendering.RenderedTarget t : rendering.targets()) {
            for (Rendering.Document d : t.documents()) {
                out().println("# " + t.name() + " (" + t.type() + "): " + d.name());
                out().println(d.content().stripTrailing());
            }
        }
        return ExitCode.OK;
    }
}
