package dev.uniformpipeline.core.api;

import java.util.Locale;

/** The stages of a run, in the order they run. Deploy and verify run once per target, targets in parallel. */
public enum Stage {
    CHECKOUT, BUILD, PUSH, DEPLOY, VERIFY;

    /** Lower-case id used in reports, plans and events ({@code checkout}, {@code build}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the stages that run once per target. */
    public boolean perTarget() {
        return this == DEPLOY || this == VERIFY;
    }

    /** Parses an {@link #id()}; throws IllegalArgumentException for unknown ids. */
    public static Stage fromId(String id) {
        return valueOf(id.toUpperCase(Locale.ROOT));
    }
}
