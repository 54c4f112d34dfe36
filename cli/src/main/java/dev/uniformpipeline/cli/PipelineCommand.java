package dev.uniformpipeline.cli;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.PipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.api.UniformPipeline;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code pipeline}: the command-line edge over pipeline-core. Parses options, calls the api, renders events and
 * results, and maps failures to the documented exit codes (docs/cli.md). Never does pipeline work itself.
 */
@Command(name = "pipeline", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Build once, roll out the same way to ECS (EC2, Fargate) and EKS.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the pipeline ran and failed, was cancelled or timed out",
                "2:invalid input: pipeline file, option or argument", "3:environment or infrastructure error"})
public final class PipelineCommand implements Callable<Integer> {
    static final String[] DEFAULT_FILES = {"pipeline.yml", ".uniform/pipeline.yml"};

    /** The subcommands, in help order. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("run", RunCommand.class);
        m.put("plan", PlanCommand.class);
        m.put("validate", ValidateCommand.class);
        m.put("render", RenderCommand.class);
        m.put("version", VersionCommand.class);
        m.put("local-cloud", LocalCloudCommand.class);
        return m;
    }

    final Terminal terminal;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-f", "--file"}, scope = ScopeType.INHERIT, paramLabel = "FILE",
            description = "The pipeline file. Default: ./pipeline.yml, then ./.uniform/pipeline.yml.")
    String file;

    @Option(names = "--target", scope = ScopeType.INHERIT, paramLabel = "NAME",
            description = "Act on this target only. Repeatable. Default: all targets.")
    List<String> targets = new ArrayList<>();

    @Option(names = "--env", scope = ScopeType.INHERIT, paramLabel = "PROFILE",
            description = "The environment profile of the pipeline file to apply.")
    String profile;

    @Option(names = "--set", scope = ScopeType.INHERIT, paramLabel = "KEY=VALUE",
            description = "Override a value of the pipeline file, e.g. service.replicas=3. Repeatable.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--output", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Output format: text (default) or json (documented shapes, on stdout).")
    OutputFormat output = OutputFormat.TEXT;

    @Option(names = "--stacktrace", scope = ScopeType.INHERIT,
            description = "Print the stack trace of errors.")
    boolean stacktrace;

    @Option(names = "--no-color", scope = ScopeType.INHERIT,
            description = "No colors (also when the NO_COLOR environment variable is set).")
    boolean noColor;

    PipelineCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        int code = execute(Terminal.system(), args);
        System.exit(code);
    }

    /** Runs the command line and returns the exit code. */
    static int execute(Terminal terminal, String... args) {
        PipelineCommand top = new PipelineCommand(terminal);
        Factory factory = new Factory(top);
        CommandLine cli = new CommandLine(top, factory);
        // Start-up: build the model of the one subcommand asked for (all of them for help and usage errors)
        String wanted = null;
        for (String arg : args) {
            if (arg.equals("--")) {
                break;
            }
            if (SUBCOMMANDS.containsKey(arg)) {
                wanted = arg;
                break;
            }
        }
        for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS.entrySet()) {
            if (wanted == null || wanted.equals(sub.getKey())) {
                cli.addSubcommand(sub.getKey(), new CommandLine(sub.getValue(), factory));
            }
        }
        cli.setOut(terminal.out());
        cli.setErr(terminal.err());
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((ex, argv) -> {
            PrintWriterErr err = new PrintWriterErr(terminal);
            err.println("error: " + ex.getMessage());
            CommandLine c = ex.getCommandLine();
            err.println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCode.INVALID_INPUT;
        });
        cli.setExecutionExceptionHandler((ex, c, parseResult) -> top.failed(ex));
        int code = cli.execute(args);
        terminal.out().flush();
        terminal.err().flush();
        return code;
    }

    /** No subcommand: show the usage on stderr, exit 2. */
    @Override
    public Integer call() {
        spec.commandLine().usage(terminal.err());
        return ExitCode.INVALID_INPUT;
    }

    // --------------------------------------------------------------------------------------- shared helpers

    Style style() {
        return new Style(terminal.colors(noColor));
    }

    /** The pipeline file as the user names it: -f, else the first default that exists. */
    String pipelineFile() throws InvalidPipelineException {
        if (file != null) {
            Path p = terminal.cwd().resolve(file);
            if (!Files.isRegularFile(p)) {
                throw new InvalidPipelineException(new Problem(file, 0, 0, "", "file not found (" + p + ")",
                        "check -f/--file; a relative path is resolved against the current directory"));
            }
            return file;
        }
        for (String candidate : DEFAULT_FILES) {
            if (Files.isRegularFile(terminal.cwd().resolve(candidate))) {
                return candidate;
            }
        }
        throw new InvalidPipelineException(new Problem(DEFAULT_FILES[0], 0, 0, "",
                "no pipeline file: looked for " + String.join(" and ", DEFAULT_FILES) + " in " + terminal.cwd(),
                "create one, or name it with -f FILE"));
    }

    UniformPipeline.Builder builder(String pipelineFile) {
        UniformPipeline.Builder b = UniformPipeline.builder()
                .pipelineFile(Path.of(pipelineFile))
                .workingDirectory(terminal.cwd())
                .environment(terminal.env())
                .profile(profile)
                .targets(targets);
        sets.forEach(b::set);
        return b;
    }

    /** Prints one clear message per problem (or the failure), returns the exit code for it. */
    int failed(Throwable ex) {
        PrintWriterErr err = new PrintWriterErr(terminal);
        Style style = style();
        if (ex instanceof InvalidPipelineException invalid) {
            for (Problem p : invalid.problems()) {
                err.println(style.red("error: ") + p.format());
            }
        } else if (ex instanceof PipelineException pe) {
            err.println(style.red("error: ") + pe.getMessage());
        } else {
            err.println(style.red("error: ") + "unexpected " + ex.getClass().getName()
                    + (ex.getMessage() == null ? "" : ": " + ex.getMessage())
                    + (stacktrace ? "" : " (run with --stacktrace for details)"));
        }
        if (stacktrace) {
            ex.printStackTrace(terminal.err());
        }
        return ex instanceof PipelineException pe ? ExitCode.of(pe.kind()) : ExitCode.ENVIRONMENT;
    }

    enum OutputFormat { TEXT, JSON }

    /** Writes to the terminal's stderr and flushes. */
    record PrintWriterErr(Terminal terminal) {
        void println(String s) {
            terminal.err().println(s);
            terminal.err().flush();
        }
    }

    /** Hands the top command to subcommands that want it in their constructor. */
    private record Factory(PipelineCommand top) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> cls) throws Exception {
            if (cls == PipelineCommand.class) {
                return cls.cast(top);
            }
            return CommandLine.defaultFactory().create(cls);
        }
    }
}
