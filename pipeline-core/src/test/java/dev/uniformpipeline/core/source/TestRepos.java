package dev.uniformpipeline.core.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;

/** Builds small git repositories for tests with JGit. */
final class TestRepos {
    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    private TestRepos() { }

    /** A repository with three commits on main, a branch 'feature/login', tags v1.0 (annotated) and v1.1. */
    static Repo create(Path dir) throws IOException, GitAPIException {
        Files.createDirectories(dir);
        Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call();
        Repo repo = new Repo(git, dir);
        repo.c1 = repo.commit("README.md", "one\n", "first", 0);
        repo.c2 = repo.commit("README.md", "two\n", "second", 60);
        git.tag().setName("v1.0").setAnnotated(true).setMessage("release 1.0").setObjectId(repo.c2)
                .setTagger(ident(60)).call();
        repo.c3 = repo.commit("app.txt", "three\n", "third", 120);
        git.tag().setName("v1.1").setAnnotated(false).setObjectId(repo.c3).call();
        git.branchCreate().setName("feature/login").setStartPoint(repo.c2).call();
        git.branchCreate().setName("release").setStartPoint(repo.c3).call();
        return repo;
    }

    static PersonIdent ident(int offsetSeconds) {
        return new PersonIdent("Ada Lovelace", "ada@example.org", T0.plusSeconds(offsetSeconds), ZoneOffset.UTC);
    }

    static final class Repo implements AutoCloseable {
        final Git git;
        final Path dir;
        RevCommit c1;
        RevCommit c2;
        RevCommit c3;

        Repo(Git git, Path dir) {
            this.git = git;
            this.dir = dir;
        }

        RevCommit commit(String file, String content, String message, int offsetSeconds)
                throws IOException, GitAPIException {
            Path f = dir.resolve(file);
            Files.createDirectories(f.getParent());
            Files.writeString(f, content, StandardCharsets.UTF_8);
            git.add().addFilepattern(".").call();
            PersonIdent who = ident(offsetSeconds);
            return git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
        }

        String fileUrl() {
            return dir.toUri().toString().replaceFirst("^file:/+", "file:///");
        }

        @Override
        public void close() {
            git.close();
        }
    }

}
