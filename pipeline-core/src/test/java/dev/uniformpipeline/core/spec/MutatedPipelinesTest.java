package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Replaces every value of a valid pipeline, one at a time, with hostile or wrong values. Each variant
 * must either load or fail with {@link InvalidPipelineException} whose problems all carry a line number
 * and a field path; any other exception is a bug.
 */
class MutatedPipelinesTest {
    static final String[] VALUES = {"", "-1", "9999999999999", ".inf", "true", "[]", "{x: {y: z}}", "\"${\"",
        "\"${env.NOPE}\"", "\"${git.sha}\"", "\"${target.name}\"", "!!binary aGk=", "&a [*a]", "0.0001"};

    @Test
    void everySingleValueMutationLoadsOrFailsWithLocatedProblems() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("src/test/resources/spec/basic.yml"));
        Pattern kv = Pattern.compile("^(\\s*(?:- )?[A-Za-z]+: )(.+)$");
        int variants = 0;
        int failed = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = kv.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            for (String v : VALUES) {
                List<String> copy = new ArrayList<>(lines);
                copy.set(i, m.group(1) + v);
                String text = String.join("\n", copy) + "\n";
                variants++;
                try {
                    LoadedPipeline p = PipelineLoader.builder().content("m.yml", text).environment(Map.of()).build().load();
                    p.resolve(new GitInfo("0123456789abcdef0123456789abcdef01234567", "main", "v1"));
                    p.dump();
                } catch (InvalidPipelineException e) {
                    failed++;
                    for (Problem pr : e.problems()) {
                        assertTrue(pr.file().equals("m.yml"), pr.format());
                        assertTrue(!pr.message().isBlank(), pr.format());
                    }
                } catch (RuntimeException e) {
                    fail("line " + (i + 1) + " set to [" + v + "] threw " + e, e);
                }
            }
        }
        System.out.printf("%d variants, %d rejected%n", variants, failed);
        assertTrue(variants > 300 && failed > variants / 2, variants + " variants, " + failed + " rejected");
    }
}
