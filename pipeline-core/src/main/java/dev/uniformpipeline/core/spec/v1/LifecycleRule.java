package dev.uniformpipeline.core.spec.v1;

import java.util.List;

/**
 * One ECR lifecycle rule. Exactly one of {@code keepLast}, {@code untaggedOlderThanDays} and
 * {@code olderThanDays} is set:
 * <ul>
 *   <li>{@code {keepLast: 30}} keeps the newest 30 images (any tag status), or, with {@code tagPrefixes},
 *       the newest 30 tagged images whose tags start with all those prefixes;</li>
 *   <li>{@code {untaggedOlderThanDays: 7}} expires untagged images pushed more than 7 days ago;</li>
 *   <li>{@code {olderThanDays: 90, tagPrefixes: [pr-]}} expires tagged images with those prefixes (or any
 *       image without prefixes) pushed more than 90 days ago.</li>
 * </ul>
 * Priorities follow the written order (1, 2, ...). A rule that selects any tag status must be written last:
 * ECR requires the {@code any} rule to have the highest priority number.
 *
 * @param keepLast              keep this many newest images (imageCountMoreThan)
 * @param untaggedOlderThanDays expire untagged images older than this many days (sinceImagePushed)
 * @param olderThanDays         expire images older than this many days (sinceImagePushed)
 * @param tagPrefixes           tag prefixes selecting tagged images (tagPrefixList)
 * @param description           rule description shown in the ECR console
 */
public record LifecycleRule(
        @Nullable Integer keepLast,
        @Nullable Integer untaggedOlderThanDays,
        @Nullable Integer olderThanDays,
        List<String> tagPrefixes,
        @Nullable String description) {
    public LifecycleRule {
        tagPrefixes = tagPrefixes == null ? List.of() : List.copyOf(tagPrefixes);
    }

    /** ECR {@code tagStatus} of this rule: {@code tagged}, {@code untagged} or {@code any}. */
    public String tagStatus() {
        if (untaggedOlderThanDays != null) {
            return "untagged";
        }
        return tagPrefixes.isEmpty() ? "any" : "tagged";
    }
}
