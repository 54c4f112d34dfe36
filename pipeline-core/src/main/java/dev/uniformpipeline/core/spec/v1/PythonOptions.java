package dev.uniformpipeline.core.spec.v1;

/**
 * Python builder options.
 *
 * @param requirements requirements file, relative to the context; default {@code requirements.txt}
 * @param module       module run with {@code python -m}; exclusive with {@code script}
 * @param script       script run with {@code python}; exclusive with {@code module}
 */
public record PythonOptions(
        @Default("requirements.txt") String requirements,
        @Nullable String module,
        @Nullable String script) {
}
