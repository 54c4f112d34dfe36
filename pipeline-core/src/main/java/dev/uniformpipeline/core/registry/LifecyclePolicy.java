package dev.uniformpipeline.core.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An ECR lifecycle policy generated from simple rules, valid per the ECR rules (AWS-FACTS §4): lower-case
 * {@code tagStatus}; {@code tagged} rules carry a {@code tagPrefixList}, {@code untagged} ones none; {@code countUnit}
 * only with {@code sinceImagePushed}; unique priorities; at most one untagged rule; prefixes not repeated across
 * rules; the {@code any} rule has the highest priority number; text 100–30720 characters.
 *
 * <p>Priorities are assigned in this order: protected prefixes (each its own rule, selecting those images with a
 * count they never reach, so no lower rule can expire them), untagged expiry, keep-last per prefix, keep-last of
 * everything ({@code any}, last).
 */
public final class LifecyclePolicy {
    /** The count a protect rule uses: images with a protected prefix are kept up to this many. */
    public static final int PROTECT_COUNT = 10_000;
    static final int MIN_LENGTH = 100;
    static final int MAX_LENGTH = 30_720;

    private final List<String> protectedPrefixes;
    private final int untaggedDays;
    private final List<PrefixKeep> keepPerPrefix;
    private final int keepLast;

    private record PrefixKeep(String prefix, int count) { }

    private LifecyclePolicy(Builder b) {
        this.protectedPrefixes = List.copyOf(b.protectedPrefixes);
        this.untaggedDays = b.untaggedDays;
        this.keepPerPrefix = List.copyOf(b.keepPerPrefix);
        this.keepLast = b.keepLast;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The policy text for PutLifecyclePolicy. */
    public String toJson() {
        ObjectMapper om = new ObjectMapper();
        ObjectNode root = om.createObjectNode();
        ArrayNode rules = root.putArray("rules");
        int priority = 1;
        for (String prefix : protectedPrefixes) {
            rules.add(rule(om, priority++, "uniform: protect tags starting with '" + prefix + "' (kept up to "
                    + PROTECT_COUNT + ")", "tagged", prefix, "imageCountMoreThan", PROTECT_COUNT));
        }
        if (untaggedDays > 0) {
            rules.add(rule(om, priority++, "uniform: expire untagged images " + untaggedDays + " days after push",
                    "untagged", null, "sinceImagePushed", untaggedDays));
        }
        for (PrefixKeep k : keepPerPrefix) {
            rules.add(rule(om, priority++, "uniform: keep the last " + k.count() + " images tagged '" + k.prefix()
                    + "*'", "tagged", k.prefix(), "imageCountMoreThan", k.count()));
        }
        if (keepLast > 0) {
            rules.add(rule(om, priority, "uniform: keep the last " + keepLast + " images", "any", null,
                    "imageCountMoreThan", keepLast));
        }
        String json = root.toString();
        if (json.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("image.ecr.lifecycle: the generated policy is " + json.length()
                    + " characters; ECR allows at most " + MAX_LENGTH + ": use fewer rules");
        }
        return json;
    }

    private static ObjectNode rule(ObjectMapper om, int priority, String description, String tagStatus,
                                   String prefix, String countType, int count) {
        ObjectNode rule = om.createObjectNode();
        rule.put("rulePriority", priority);
        rule.put("description", description);
        ObjectNode selection = rule.putObject("selection");
        selection.put("tagStatus", tagStatus);
        if (prefix != null) {
            selection.putArray("tagPrefixList").add(prefix);
        }
        selection.put("countType", countType);
        if (countType.equals("sinceImagePushed")) {
            selection.put("countUnit", "days");
        }
        selection.put("countNumber", count);
        rule.putObject("action").put("type", "expire");
        return rule;
    }

    /** Builder; {@link #build()} checks the combination. */
    public static final class Builder {
        private final List<String> protectedPrefixes = new ArrayList<>();
        private int untaggedDays;
        private final List<PrefixKeep> keepPerPrefix = new ArrayList<>();
        private int keepLast;

        /** Keep the newest {@code count} images of any kind (the catch-all rule; at most one). */
        public Builder keepLast(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("image.ecr.lifecycle.keepLast must be >= 1, was " + count);
            }
            if (keepLast > 0) {
                throw new IllegalArgumentException("image.ecr.lifecycle: keepLast is given twice; ECR allows one"
                        + " 'any' rule");
            }
            keepLast = count;
            return this;
        }

        /** Keep the newest {@code count} images with a tag starting with {@code prefix}. */
        public Builder keepLast(int count, String prefix) {
            if (count < 1) {
                throw new IllegalArgumentException("image.ecr.lifecycle.keepLast must be >= 1, was " + count);
            }
            keepPerPrefix.add(new PrefixKeep(checkPrefix(prefix), count));
            return this;
        }

        /** Expire untagged images {@code days} after push (at most one untagged rule). */
        public Builder untaggedOlderThanDays(int days) {
            if (days < 1) {
                throw new IllegalArgumentException("image.ecr.lifecycle.untaggedOlderThanDays must be >= 1, was "
                        + days);
            }
            if (untaggedDays > 0) {
                throw new IllegalArgumentException("image.ecr.lifecycle: untaggedOlderThanDays is given twice; ECR"
                        + " allows one rule for untagged images");
            }
            untaggedDays = days;
            return this;
        }

        /** Never let the other rules expire images tagged with {@code prefix}. */
        public Builder protect(String prefix) {
            protectedPrefixes.add(checkPrefix(prefix));
            return this;
        }

        private static String checkPrefix(String prefix) {
            if (prefix == null || prefix.isBlank() || prefix.contains("*") || prefix.length() > 300) {
                throw new IllegalArgumentException("image.ecr.lifecycle: tag prefix '" + prefix + "' must be 1-300"
                        + " characters without '*'");
            }
            return prefix;
        }

        public LifecyclePolicy build() {
            Set<String> seen = new HashSet<>();
            for (String p : protectedPrefixes) {
                if (!seen.add(p)) {
                    throw new IllegalArgumentException("image.ecr.lifecycle: tag prefix '" + p + "' is used by two"
                            + " rules; ECR does not allow a prefix in more than one rule");
                }
            }
            for (PrefixKeep k : keepPerPrefix) {
                if (!seen.add(k.prefix())) {
                    throw new IllegalArgumentException("image.ecr.lifecycle: tag prefix '" + k.prefix() + "' is used"
                            + " by two rules; ECR does not allow a prefix in more than one rule");
                }
            }
            if (untaggedDays == 0 && keepLast == 0 && keepPerPrefix.isEmpty()) {
                throw new IllegalArgumentException("image.ecr.lifecycle: no rule expires anything; add keepLast or"
                        + " untaggedOlderThanDays");
            }
            LifecyclePolicy policy = new LifecyclePolicy(this);
            String json = policy.toJson();
            if (json.length() < MIN_LENGTH) {
                throw new IllegalStateException("generated lifecycle policy shorter than " + MIN_LENGTH);
            }
            return policy;
        }
    }
}
