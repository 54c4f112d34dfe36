package dev.uniformpipeline.core.source;

import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.SemVer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The commit a local working tree is on, read with JGit without touching the work tree (no status, no checkout):
 * sha, branch, the tag pointing at HEAD (several: {@link SemVer#preferredTag}, as the checkout chooses), author
 * and committer time. For {@code render}, {@code plan} and deploy-only runs, which preview or reuse a commit
 * without checking it out.
 */
public final class LocalHead {
    private LocalHead() {
    }

    /**
     * The HEAD commit of the repository holding {@code start} (found upwards, as git does); empty when there is no
     * repository, HEAD is unborn, or the repository cannot be read.
     */
    public static Optional<GitInfo> read(Path start) {
        FileRepositoryBuilder builder = new FileRepositoryBuilder().readEnvironment()
                .findGitDir(start.toAbsolutePath().normalize().toFile());
        if (builder.getGitDir() == null) {
            return Optional.empty();
        }
        try (Repository repo = builder.setMustExist(true).build()) {
            ObjectId head = repo.resolve(Constants.HEAD);
            if (head == null) {
                return Optional.empty();
            }
            RevCommit commit;
            try (RevWalk walk = new RevWalk(repo)) {
                commit = walk.parseCommit(head);
            }
            String full = repo.getFullBranch();
            String branch = full != null && full.startsWith(Constants.R_HEADS) ? Repository.shortenRefName(full)
                    : null;
            String tag = SemVer.preferredTag(tagsAt(repo, head));
            return Optional.of(new GitInfo(commit.name(), branch, tag, commit.getAuthorIdent().getName(),
                    commit.getCommitterIdent().getWhenAsInstant()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Short names of the tags (lightweight or annotated, peeled) pointing at {@code commit}, sorted by name. */
    static List<String> tagsAt(Repository repo, ObjectId commit) throws IOException {
        List<String> tags = new ArrayList<>();
        for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
            Ref peeled = repo.getRefDatabase().peel(r);
            ObjectId id = peeled.getPeeledObjectId() != null ? peeled.getPeeledObjectId() : peeled.getObjectId();
            if (commit.equals(id)) {
                tags.add(Repository.shortenRefName(r.getName()));
            }
        }
        tags.sort(Comparator.naturalOrder());
        return tags;
    }
}
