package dev.uniformpipeline.core.spec;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checkout found, for {@code ${git.*}} variables. Every derived value (dates, slugs, versions) comes from
 * the commit, never from the wall clock, so a rerun of the same commit gives the same tags.
 *
 * @param sha        full commit id (40 hex)
 * @param branch     branch name, or null on a detached HEAD
 * @param tag        tag pointing at the commit, or null
 * @param author     author name, or null when unknown
 * @param commitTime committer time, or null when unknown ({@code render} / {@code plan} read HEAD without JGit)
 */
public record GitInfo(String sha, String branch, String tag, String author, Instant commitTime) {
    /** Longest image tag a registry accepts. */
    static final int MAX_TAG = 128;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    public GitInfo {
        Objects.requireNonNull(sha, "sha");
        branch = emptyToNull(branch);
        tag = emptyToNull(tag);
        author = emptyToNull(author);
    }

    /** Sha, branch and tag only (author and commit time unknown). */
    public GitInfo(String sha, String branch, String tag) {
        this(sha, branch, tag, null, null);
    }

    /** The first 7 characters of the sha ({@code ${git.shortSha}}). */
    public String shortSha() {
        return sha.length() <= 7 ? sha : sha.substring(0, 7);
    }

    /** {@code ${git.branchSlug}}: the branch made a valid image tag, or empty on a detached HEAD. */
    public Optional<String> branchSlug() {
        return branch == null ? Optional.empty() : Optional.of(slug(branch)).filter(s -> !s.isEmpty());
    }

    /** {@code ${git.commitTime}}: ISO-8601 UTC ({@code 2026-01-02T03:04:05Z}). */
    public Optional<String> commitTimeIso() {
        return Optional.ofNullable(commitTime).map(Instant::toString);
    }

    /** {@code ${git.date}}: the commit date in UTC, {@code yyyyMMdd}. */
    public Optional<String> date() {
        return Optional.ofNullable(commitTime).map(DATE::format);
    }

    /** {@code ${git.timestamp}}: the commit time in UTC, {@code yyyyMMddHHmmss}. */
    public Optional<String> timestamp() {
        return Optional.ofNullable(commitTime).map(TIMESTAMP::format);
    }

    /** The semantic version of {@link #tag()}, if the commit has a tag and it is one. */
    public Optional<SemVer> semver() {
        return SemVer.parse(tag);
    }

    /**
     * Every {@code git.*} variable that has a value: {@code git.sha}, {@code git.shortSha}, and when known
     * {@code git.branch}, {@code git.branchSlug}, {@code git.tag}, {@code git.semver}, {@code git.semverMajor},
     * {@code git.semverMinor}, {@code git.author}, {@code git.commitTime}, {@code git.date}, {@code git.timestamp}.
     */
    public Map<String, String> variables() {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("git.sha", sha);
        vars.put("git.shortSha", shortSha());
        if (branch != null) {
            vars.put("git.branch", branch);
        }
        branchSlug().ifPresent(s -> vars.put("git.branchSlug", s));
        if (tag != null) {
            vars.put("git.tag", tag);
        }
        semver().ifPresent(v -> {
            vars.put("git.semver", v.tag());
            vars.put("git.semverMajor", v.majorTag());
            vars.put("git.semverMinor", v.minorTag());
        });
        if (author != null) {
            vars.put("git.author", author);
        }
        commitTimeIso().ifPresent(s -> vars.put("git.commitTime", s));
        date().ifPresent(s -> vars.put("git.date", s));
        timestamp().ifPresent(s -> vars.put("git.timestamp", s));
        return vars;
    }

    /**
     * A name made a valid image tag: lower-case, every character outside {@code [a-z0-9_.-]} becomes {@code -}, runs
     * of {@code -} collapse to one, leading {@code .}/{@code -} and trailing {@code -} are trimmed, at most 128
     * characters ({@code feature/Login-Page} becomes {@code feature-login-page}).
     */
    public static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.-]", "-").replaceAll("-{2,}", "-");
        s = s.replaceAll("^[.-]+", "");
        if (s.length() > MAX_TAG) {
            s = s.substring(0, MAX_TAG);
        }
        return s.replaceAll("-+$", "");
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
