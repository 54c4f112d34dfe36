package dev.uniformpipeline.cli;

/** Placeholder entry point; replaced by the picocli command. */
public final class PipelineCommand {
    private PipelineCommand() {
    }

    public static void main(String[] args) {
        System.exit(2);
    }
}
