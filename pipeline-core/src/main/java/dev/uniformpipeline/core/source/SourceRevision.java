package dev.uniformpipeline.core.source;

import dev.uniformpipeline.core.spec.GitInfo;
import dev.uniformpipeline.core.spec.SemVer;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The checked-out revision.
 *
 * @param directory   the working tree to build from
 * @param source      the source as requested, with any credentials in it redacted
 * @param sha         full commit id
 * @param branch      branch name ({@code main}) or empty when detached
 * @param tag         a tag pointing at the commit (the requested one, else the highest semantic
 *                    version, else the first by name), or empty
 * @param author      author name
 * @param authorEmail author e-mail
 * @param commitTime  committer time
 * @param dirty       the local working tree had uncommitted changes (always false for clones)
 */
public record SourceRevision(Path directory, String source, String sha, String branch, String tag, String author,
                             String authorEmail, Instant commitTime, boolean dirty) {
    /** OCI label marking an image built from a working tree with uncommitted changes. */
    public static final String DIRTY_LABEL = "dev.uniformpipeline.git.dirty";

    public SourceRevision {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(sha, "sha");
        source = source == null ? "" : source;
        branch = branch == null ? "" : branch;
        tag = tag == null ? "" : tag;
        author = author == null ? "" : author;
        authorEmail = authorEmail == null ? "" : authorEmail;
        Objects.requireNonNull(commitTime, "commitTime");
    }

    /** The first 7 characters of the commit id. */
    public String shortSha() {
        return sha.length() <= 7 ? sha : sha.substring(0, 7);
    }

    /**
     * Pipeline variables, as {@code ${git.*}} resolves them: {@code git.sha}, {@code git.shortSha}, {@code git.branch},
     * {@code git.branchSlug}, {@code git.tag}, {@code git.semver}, {@code git.semverMajor}, {@code git.semverMinor},
     * {@code git.author}, {@code git.commitTime}, {@code git.date}, {@code git.timestamp} (those with a value) and
     * {@code git.dirty}. Dates come from the commit, not the clock.
     */
    public Map<String, String> variables() {
        Map<String, String> vars = new LinkedHashMap<>(gitInfo().variables());
        vars.put("git.dirty", Boolean.toString(dirty));
        return Map.copyOf(vars);
    }

    /** The revision as the pipeline file's {@code ${git.*}} variables see it. */
    public GitInfo gitInfo() {
        return new GitInfo(sha, branch, tag, author, commitTime);
    }

    /**
     * OCI annotations/labels describing the source: {@code org.opencontainers.image.revision} (sha, plus
     * {@code -dirty} for a dirty tree), {@code .source} (when the source is a URL), {@code .ref.name} (tag or
     * branch), {@code .version} (the semantic version, build metadata included, when the tag is one: {@code v1.2.3}
     * gives {@code 1.2.3}) and {@value #DIRTY_LABEL} for dirty trees.
     */
    public Map<String, String> ociLabels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("org.opencontainers.image.revision", dirty ? sha + "-dirty" : sha);
        if (source.contains("://") || source.matches("^[^/]+@[^/]+:.*")) {
            labels.put("org.opencontainers.image.source", source);
        }
        if (!tag.isEmpty()) {
            labels.put("org.opencontainers.image.ref.name", tag);
        } else if (!branch.isEmpty()) {
            labels.put("org.opencontainers.image.ref.name", branch);
        }
        SemVer.parse(tag).ifPresent(v -> labels.put("org.opencontainers.image.version", v.full()));
        if (dirty) {
            labels.put(DIRTY_LABEL, "true");
        }
        return Map.copyOf(labels);
    }
}
