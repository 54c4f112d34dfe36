package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile or accidental inputs are refused with a clear problem, never an exception of another type. */
class YamlSafetyTest {
    private static List<Problem> problems(Path dir, String file) {
        long start = System.nanoTime();
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class,
                () -> PipelineLoader.builder().workingDir(dir).file(Path.of(file)).build().load());
        System.out.printf("%s refused in %d ms%n", file, (System.nanoTime() - start) / 1_000_000);
        return e.problems();
    }

    @Test
    void billionLaughsIsRefusedBeforeExpansion(@TempDir Path dir) throws Exception {
        StringBuilder sb = new StringBuilder("apiVersion: uniform.dev/v1\nkind: Pipeline\nname: lol\n");
        sb.append("l0: &l0 [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (int i = 1; i <= 12; i++) {
            sb.append("l").append(i).append(": &l").append(i).append(" [");
            for (int j = 0; j < 10; j++) {
                sb.append(j == 0 ? "" : ",").append("*l").append(i - 1);
            }
            sb.append("]\n");
        }
        Files.writeString(dir.resolve("lol.yml"), sb);
        List<Problem> p = problems(dir, "lol.yml");
        assertEquals(1, p.size());
        assertEquals("lol.yml: the document uses more than 50 aliases to lists or maps; refused (alias bombs expand"
                + " to huge documents) (use extends and profiles to share settings instead of anchors)", p.get(0).format());
    }

    @Test
    void aFiftyMegabyteFileIsRefusedBeforeParsing(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.yml");
        try (BufferedWriter w = Files.newBufferedWriter(big, StandardCharsets.UTF_8)) {
            String line = "k: " + "x".repeat(1020) + "\n";
            for (int i = 0; i < 50 * 1024; i++) {
                w.write(line);
            }
        }
        assertEquals(50L * 1024 * 1024, Files.size(big));
        List<Problem> p = problems(dir, "big.yml");
        assertEquals(List.of("big.yml: the file is 52428800 bytes; pipeline files and templates may be at most 1048576"
                + " bytes (is this the right file?)"), p.stream().map(Problem::format).toList());
    }

    @Test
    void deepNestingIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("deep.yml"), "a: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        List<Problem> p = problems(dir, "deep.yml");
        assertEquals(1, p.size());
        assertEquals("the document is nested deeper than 50 levels; refused", p.get(0).message());
    }

    @Test
    void everyDuplicateKeyIsReportedWithBothLines(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("dup.yml"), """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: orders
                name: orders-v2
                image: {registry: ecr, repository: orders}
                service:
                  port: 8080
                  port: 9090
                targets: [{name: dev, type: ecs-ec2, region: eu-west-1, cluster: dev}]
                """);
        List<String> p = problems(dir, "dup.yml").stream().map(Problem::format).toList();
        assertEquals(List.of(
                "dup.yml:4:1: name: duplicate key 'name' (first written at line 3) (remove one of them; YAML keeps only one)",
                "dup.yml:8:3: service.port: duplicate key 'port' (first written at line 7) (remove one of them; YAML keeps only one)"), p);
    }

    @Test
    void aMissingFileIsAProblemNotAnIoException(@TempDir Path dir) {
        List<Problem> p = problems(dir, "nope.yml");
        assertEquals("nope.yml: file 'nope.yml' does not exist (check the path; it is relative to the file that names it)",
                p.get(0).format());
    }

    @Test
    void invalidUtf8IsAProblem(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("latin1.yml"), new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xE9, '\n'});
        assertEquals("the file is not valid UTF-8", problems(dir, "latin1.yml").get(0).message());
    }

    @Test
    void didYouMeanFindsNearbyKeysAndNothingForFarOnes() {
        assertEquals("replicas", Suggest.nearest("replcias", List.of("port", "replicas", "cpu")));
        assertEquals("healthCheck", Suggest.nearest("healthcheck", List.of("healthCheck", "logging")));
        assertEquals("loadBalancer", Suggest.nearest("loadBalancers", List.of("loadBalancer", "network")));
        assertEquals(null, Suggest.nearest("database", List.of("port", "cpu", "memory")));
        assertTrue(Suggest.distance("abc", "acb") == 1, "a transposition costs one edit");
    }
}
