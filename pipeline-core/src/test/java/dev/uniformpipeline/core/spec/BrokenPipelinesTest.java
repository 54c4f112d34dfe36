package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every file under {@code src/test/resources/broken/} is a pipeline with mistakes; its {@code .expected}
 * twin holds the exact problem lines ({@code file:line:col: path: message (hint)}) the loader must report,
 * all of them, through one {@link InvalidPipelineException} and nothing else.
 *
 * <p>Header comments drive the case: {@code # args: --profile p --set k=v}, {@code # env: K=V K2=V2},
 * {@code # resolve: sha=<sha> branch=<b> tag=<t>} (the problems then come from {@code resolve}).
 */
class BrokenPipelinesTest {
    static final Path DIR = Path.of("src/test/resources/broken");
    static final Map<String, String> BASE_ENV = Map.of("HOME", "/home/ci", "BUILD_NUMBER", "7",
            "DEPLOY_REGIN", "eu-west-1");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> s = Files.list(DIR)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yml")).sorted()
                    .collect(Collectors.toList());
            assertTrue(names.size() >= 60, "the corpus has at least 60 broken files, found " + names.size());
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsExactlyTheExpectedProblems(String name) throws Exception {
        Path file = DIR.resolve(name);
        Path expectedFile = DIR.resolve(name.replaceFirst("\\.yml$", ".expected"));
        List<String> header = Files.readAllLines(file, StandardCharsets.ISO_8859_1).stream()
                .takeWhile(l -> l.startsWith("#")).collect(Collectors.toList());
        PipelineLoader.Builder b = PipelineLoader.builder().workingDir(DIR).file(Path.of(name));
        Map<String, String> env = new LinkedHashMap<>(BASE_ENV);
        String resolve = null;
        for (String h : header) {
            if (h.startsWith("# args:")) {
                String[] a = h.substring(7).trim().split("\\s+");
                for (int i = 0; i < a.length; i += 2) {
                    switch (a[i]) {
                        case "--profile" -> b.profile(a[i + 1]);
                        case "--set" -> b.set(a[i + 1]);
                        default -> fail("unknown arg " + a[i]);
                    }
                }
            } else if (h.startsWith("# env:")) {
                for (String kv : h.substring(6).trim().split("\\s+")) {
                    env.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
                }
            } else if (h.startsWith("# resolve:")) {
                resolve = h.substring(10).trim();
            }
        }
        b.environment(env);
        List<String> actual;
        try {
            LoadedPipeline loaded = b.build().load();
            if (resolve == null) {
                fail(name + " loaded without problems");
            }
            Map<String, String> g = new LinkedHashMap<>();
            for (String kv : resolve.split("\\s+")) {
                g.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            loaded.resolve(new GitInfo(g.get("sha"), g.get("branch"), g.get("tag")));
            fail(name + " resolved without problems");
            return;
        } catch (InvalidPipelineException e) {
            actual = e.problems().stream().map(Problem::format).collect(Collectors.toList());
            assertFalse(actual.isEmpty());
            assertEquals(String.join("\n", actual), e.getMessage(), "the message lists every problem");
        }
        if (Boolean.getBoolean("broken.write")) {
            Files.write(expectedFile, actual, StandardCharsets.UTF_8);
        }
        assertTrue(Files.exists(expectedFile), "missing " + expectedFile);
        List<String> expected = new ArrayList<>(Files.readAllLines(expectedFile, StandardCharsets.UTF_8));
        expected.removeIf(String::isBlank);
        assertEquals(String.join("\n", expected), String.join("\n", actual), name);
    }
}
