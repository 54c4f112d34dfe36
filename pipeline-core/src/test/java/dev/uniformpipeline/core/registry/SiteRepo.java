package dev.uniformpipeline.core.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Test helper: a static site and its pipeline file, committed to a git repository (branch main) as Ada. */
final class SiteRepo {
    private SiteRepo() { }

    /** A static site's pipeline file: name {@code site}, source this repository, the static builder, then {@code rest}. */
    static String pipeline(String rest) {
        return """
                apiVersion: uniform.dev/v1
                kind: Pipeline
                name: site
                source: { git: "." }
                build: { builder: static }
                """ + rest;
    }

    /**
     * Writes {@code pipelineYml} to {@code repo/pipeline.yml} and each of {@code publicFiles} (name to content) under
     * {@code repo/public}, then commits everything in the repository (created on first use) with a fixed author time.
     */
    static RevCommit commit(Path repo, String pipelineYml, Map<String, String> publicFiles, String message)
            throws Exception {
        Files.writeString(repo.resolve("pipeline.yml"), pipelineYml);
        Files.createDirectories(repo.resolve("public"));
        for (Map.Entry<String, String> f : publicFiles.entrySet()) {
            Files.writeString(repo.resolve("public").resolve(f.getKey()), f.getValue());
        }
        try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            PersonIdent who = new PersonIdent("Ada", "ada@example.org", Instant.parse("2026-01-02T03:04:05Z"),
                    ZoneOffset.UTC);
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        }
    }
}
