package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * Python builder options.
 *
 * @param requirements requirements file, relative to the context; default {@code requirements.txt}
 * @param module       module run with {@code python -m}; exclusive with {@code script}
 * @param script       script run with {@code python}; exclusive with {@code module}
 * @param extras       extras of the project itself (pyproject.toml / setup.py) to install: {@code pip install .[a,b]};
 *                     setting it installs the project
 * @param pipArgs      extra arguments for {@code pip install}, e.g. {@code [--index-url, https://...]}
 */
public record PythonOptions(
        @Default("requirements.txt") String requirements,
        @Nullable String module,
        @Nullable String script,
        List<String> extras,
        List<String> pipArgs) {
    public PythonOptions {
        extras = extras == null ? List.of() : List.copyOf(extras);
        pipArgs = pipArgs == null ? List.of() : List.copyOf(pipArgs);
    }
}
