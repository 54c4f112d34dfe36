package dev.uniformpipeline.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code pipeline version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
final class VersionCommand extends Subcommand {
    @Override
    public Integer call() {
        if (json()) {
            out().println("{\n  \"version\" : \"" + version() + "\",\n  \"java\" : \""
                    + System.getProperty("java.version") + "\"\n}");
        } else {
            out().println("pipeline " + version() + " (Java " + System.getProperty("java.version") + ")");
        }
        return ExitCode.OK;
    }

    static String version() {
        String v = PipelineCommand.class.getPackage().getImplementationVersion();
        return v != null ? v : "development build";
    }

    /** For {@code pipeline --version}. */
    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pipeline " + version()};
        }
    }
}
