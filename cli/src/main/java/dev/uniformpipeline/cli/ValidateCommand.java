package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.api.ValidationResult;
import picocli.CommandLine.Command;

import java.util.stream.Collectors;

/** {@code pipeline validate}: check the pipeline file; report every problem. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check the pipeline file (templates, variables, profile, targets) without contacting anything.")
final class ValidateCommand extends Subcommand {
    @Override
    public Integer call() throws Exception {
        ValidationResult result;
        String file = null;
        try {
            file = top.pipelineFile();
            result = top.builder(file).build().validate();
        } catch (InvalidPipelineException e) {
            result = ValidationResult.invalid(file != null ? file : e.problems().get(0).file(), e.problems());
        }
        Style style = top.style();
        if (json()) {
            out().println(result.toJson());
        } else if (result.valid()) {
            String targets = result.targets().stream().map(t -> t.name() + " (" + t.type() + ")")
                    .collect(Collectors.joining(", "));
            out().println(style.green("ok: ") + result.pipelineFile() + ": pipeline '"
                    + result.pipeline().orElse("?") + "', " + result.targets().size()
                    + (result.targets().size() == 1 ? " target" : " targets")
                    + (targets.isEmpty() ? "" : ": " + targets));
        } else {
            for (Problem p : result.problems()) {
                err().println(style.red("error: ") + p.format());
            }
            int n = result.problems().size();
            err().println(result.pipelineFile() + ": " + n + (n == 1 ? " problem" : " problems"));
        }
        return result.valid() ? ExitCode.OK : ExitCode.INVALID_INPUT;
    }
}
