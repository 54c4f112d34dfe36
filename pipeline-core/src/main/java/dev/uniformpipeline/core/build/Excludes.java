package dev.uniformpipeline.core.build;

import java.util.Set;
import java.util.function.Predicate;

/** Paths never copied from a source tree into an application layer. */
final class Excludes {
    private static final Set<String> VCS_AND_CACHES = Set.of(".git", ".hg", ".svn", ".idea", ".vscode",
            "__pycache__", ".pytest_cache", ".mypy_cache", ".venv", "venv", ".DS_Store", ".uniform");

    private Excludes() { }

    /** VCS folders, editor folders, caches. */
    static Predicate<String> standard() {
        return rel -> {
            for (String part : rel.split("/")) {
                if (VCS_AND_CACHES.contains(part)) {
                    return true;
                }
            }
            return rel.endsWith(".pyc");
        };
    }

    /** {@link #standard()} plus the given top-level folders or files. */
    static Predicate<String> standardAnd(String... topLevel) {
        Predicate<String> base = standard();
        return rel -> {
            if (base.test(rel)) {
                return true;
            }
            for (String t : topLevel) {
                if (rel.equals(t) || rel.startsWith(t + "/")) {
                    return true;
                }
            }
            return false;
        };
    }
}
