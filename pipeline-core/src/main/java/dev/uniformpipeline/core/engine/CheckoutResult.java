package dev.uniformpipeline.core.engine;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checkout work produced: the source tree on disk and the exact commit.
 *
 * @param revision full commit id
 * @param ref      the branch, tag or commit that was asked for
 * @param branch   the branch the commit is on, if known (for {@code ${git.branch}})
 * @param tag      a tag pointing at the commit, if any (for {@code ${git.tag}}, {@code ${git.semver}})
 * @param author     the commit's author name, if known (for {@code ${git.author}})
 * @param commitTime the commit's committer time, if known (for {@code ${git.date}}, {@code ${git.timestamp}})
 */
public record CheckoutResult(Path directory, String revision, Optional<String> ref, Optional<String> branch,
                             Optional<String> tag, Optional<String> author, Optional<Instant> commitTime) {
    public CheckoutResult {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(revision, "revision");
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(branch, "branch");
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(commitTime, "commitTime");
    }
}
