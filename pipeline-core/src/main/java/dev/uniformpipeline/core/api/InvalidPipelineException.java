package dev.uniformpipeline.core.api;

import java.util.List;
import java.util.stream.Collectors;

/** The input is wrong. Carries every problem found, not only the first. */
public class InvalidPipelineException extends PipelineException {
    private static final long serialVersionUID = 1L;
    private final transient List<Problem> problems;

    public InvalidPipelineException(List<Problem> problems) {
        super(summary(problems));
        this.problems = List.copyOf(problems);
    }

    public InvalidPipelineException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }

    @Override
    public Kind kind() {
        return Kind.INVALID_INPUT;
    }

    private static String summary(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("an invalid pipeline has at least one problem");
        }
        return problems.stream().map(Problem::format).collect(Collectors.joining("\n"));
    }
}
