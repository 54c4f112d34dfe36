package dev.uniformpipeline.core.spec;

import java.util.Objects;

/**
 * What the checkout found, for {@code ${git.*}} variables.
 *
 * @param sha    full commit id (40 hex)
 * @param branch branch name, or null on a detached HEAD
 * @param tag    tag pointing at the commit, or null
 */
public record GitInfo(String sha, String branch, String tag) {
    public GitInfo {
        Objects.requireNonNull(sha, "sha");
    }

    /** The first 7 characters of the sha ({@code ${git.shortSha}}). */
    public String shortSha() {
        return sha.length() <= 7 ? sha : sha.substring(0, 7);
    }
}
