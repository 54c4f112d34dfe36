package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.Plan;
import picocli.CommandLine.Command;

/** {@code pipeline plan}: what a run would create or change on each target; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show what a run would create or change on each target. Only reads; changes nothing.")
final class PlanCommand extends Subcommand {
    @picocli.CommandLine.Mixin
    LocalOption local = new LocalOption();

    @Override
    public Integer call() throws Exception {
        Plan plan = local.apply(top.builder(top.pipelineFile()), top.terminal, json() ? err() : out()).build().plan();
        if (json()) {
            out().println(plan.toJson());
            return ExitCode.OK;
        }
        Style style = top.style();
        int create = 0;
        int update = 0;
        int delete = 0;
        int replace = 0;
        for (Plan.TargetPlan t : plan.targets()) {
            out().println(style.bold("target " + t.name()) + " (" + t.type() + "):");
            if (t.changes().isEmpty()) {
                out().println("  nothing to do");
            }
            for (Plan.Change c : t.changes()) {
                String line = switch (c.action()) {
                    case CREATE -> style.green("  + create ");
                    case UPDATE -> style.yellow("  ~ update ");
                    case REPLACE -> style.red("  ± replace ");
                    case DELETE -> style.red("  - delete ");
                    case NO_CHANGE -> style.dim("  = unchanged ");
                };
                out().println(line + c.resource() + " " + c.name() + c.note().map(n -> style.dim(" (" + n + ")")).orElse(""));
                c.details().forEach(d -> out().println("      " + d));
                switch (c.action()) {
                    case CREATE -> create++;
                    case UPDATE -> update++;
                    case DELETE -> delete++;
                    case REPLACE -> replace++;
                    default -> { }
                }
            }
        }
        out().println("plan: " + create + " to create, " + update + " to update, " + replace + " to replace, " + delete
                + " to delete");
        return ExitCode.OK;
    }
}
