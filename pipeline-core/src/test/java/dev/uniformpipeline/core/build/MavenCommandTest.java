package dev.uniformpipeline.core.build;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Maven command line the {@code build.maven} options give (before the classpath goal and the extra args). */
class MavenCommandTest {
    @TempDir
    Path root;

    @Test
    void defaultsCompileOnlyWithTestsSkippedAndMvnWhenThereIsNoWrapper() {
        assertEquals(List.of("mvn", "-B", "-q", "-DskipTests", "-Dmaven.test.skip=true", "compile"),
                MavenStrategy.command(root, BuilderOptions.Maven.DEFAULT));
    }

    @Test
    void aModuleIsBuiltWithItsUpstreamModulesAndPackagedSoSiblingsAreJars() throws Exception {
        Files.writeString(root.resolve("mvnw"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(root.resolve("mvnw"), PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(List.of(root.resolve("mvnw").toString(), "-B", "-q", "-pl", "services/app", "-am",
                        "-Pprod,metrics", "-DskipTests", "-Dmaven.test.skip=true", "package"),
                MavenStrategy.command(root, new BuilderOptions.Maven("services/app", List.of(),
                        List.of("prod", "metrics"), List.of("-T", "2"), true)));
    }

    @Test
    void explicitGoalsReplaceTheDefaultAndTestsRunWhenNotSkipped() {
        assertEquals(List.of("mvn", "-B", "-q", "clean", "verify"), MavenStrategy.command(root,
                new BuilderOptions.Maven("", List.of("clean", "verify"), List.of(), List.of(), false)));
    }
}
