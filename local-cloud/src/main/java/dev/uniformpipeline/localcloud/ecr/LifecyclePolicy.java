package dev.uniformpipeline.localcloud.ecr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.spi.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An ECR lifecycle policy: parsed, validated as ECR validates it (AWS-FACTS §4) and evaluated as ECR
 * evaluates it. Evaluation is a pure function of the images and the time, so the engine and
 * GetLifecyclePolicyPreview share it.
 */
record LifecyclePolicy(List<Rule> rules) {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int MIN_TEXT = 100;
    static final int MAX_TEXT = 30720;

    record Rule(int priority, String description, String tagStatus, List<String> tagPrefixList,
            List<String> tagPatternList, String countType, String countUnit, long countNumber) {

        boolean selects(ImageView image) {
            switch (tagStatus) {
                case "any":
                    return true;
                case "untagged":
                    return image.tags().isEmpty();
                default:
                    if (image.tags().isEmpty()) {
                        return false;
                    }
                    for (String prefix : tagPrefixList) {
                        if (image.tags().stream().noneMatch(t -> t.startsWith(prefix))) {
                            return false;
                        }
                    }
                    for (String pattern : tagPatternList) {
                        Pattern p = wildcard(pattern);
                        if (image.tags().stream().noneMatch(t -> p.matcher(t).matches())) {
                            return false;
                        }
                    }
                    return true;
            }
        }
    }

    /** What evaluation needs to know about an image. */
    record ImageView(String digest, Set<String> tags, Instant pushedAt) {
    }

    /** One image the policy expires, with the rule that expires it. */
    record Expiry(ImageView image, int rulePriority) {
    }

    static LifecyclePolicy parse(String text) throws AwsException {
        if (text == null) {
            throw invalid("lifecyclePolicyText is required");
        }
        if (text.length() < MIN_TEXT || text.length() > MAX_TEXT) {
            throw AwsException.client("InvalidParameterException",
                    "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Member must have length"
                            + " between " + MIN_TEXT + " and " + MAX_TEXT + "' (was " + text.length() + ")");
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid("the policy is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject() || !root.path("rules").isArray() || root.path("rules").isEmpty()) {
            throw invalid("'rules' must be a non-empty array");
        }
        List<Rule> rules = new ArrayList<>();
        Set<Integer> priorities = new HashSet<>();
        Set<String> prefixesSeen = new HashSet<>();
        int untaggedRules = 0;
        int index = 0;
        for (JsonNode r : root.get("rules")) {
            String where = "rules[" + index++ + "]";
            if (!r.path("rulePriority").isIntegralNumber() || r.get("rulePriority").asInt() < 1) {
                throw invalid(where + ".rulePriority must be an integer of at least 1");
            }
            int priority = r.get("rulePriority").asInt();
            if (!priorities.add(priority)) {
                throw invalid("rulePriority " + priority + " is used by more than one rule; priorities must be unique");
            }
            JsonNode sel = r.path("selection");
            if (!sel.isObject()) {
                throw invalid(where + ".selection is required");
            }
            String tagStatus = sel.path("tagStatus").asText("");
            if (!Set.of("tagged", "untagged", "any").contains(tagStatus)) {
                throw invalid(where + ".selection.tagStatus must be one of tagged, untagged, any (lower case), was '"
                        + tagStatus + "'");
            }
            List<String> prefixes = strings(sel, "tagPrefixList", where);
            List<String> patterns = strings(sel, "tagPatternList", where);
            if (tagStatus.equals("tagged")) {
                if (prefixes.isEmpty() && patterns.isEmpty()) {
                    throw invalid(where + ": tagStatus 'tagged' requires a non-empty tagPrefixList or tagPatternList");
                }
                if (!prefixes.isEmpty() && !patterns.isEmpty()) {
                    throw invalid(where + ": use either tagPrefixList or tagPatternList, not both");
                }
            } else if (sel.has("tagPrefixList") || sel.has("tagPatternList")) {
                throw invalid(where + ": tagPrefixList and tagPatternList are only allowed with tagStatus 'tagged'");
            }
            for (String pattern : patterns) {
                if (pattern.chars().filter(c -> c == '*').count() > 4) {
                    throw invalid(where + ": tag pattern '" + pattern + "' has more than 4 wildcards");
                }
            }
            for (String prefix : prefixes) {
                if (!prefixesSeen.add(prefix)) {
                    throw invalid("tag prefix '" + prefix + "' appears in more than one rule; prefixes must be unique");
                }
            }
            if (tagStatus.equals("untagged") && ++untaggedRules > 1) {
                throw invalid("only one rule may select untagged images");
            }
            String countType = sel.path("countType").asText("");
            if (!countType.equals("imageCountMoreThan") && !countType.equals("sinceImagePushed")) {
                throw invalid(where + ".selection.countType must be imageCountMoreThan or sinceImagePushed, was '"
                        + countType + "'");
            }
            String countUnit = sel.has("countUnit") ? sel.get("countUnit").asText() : null;
            if (countType.equals("sinceImagePushed")) {
                if (!"days".equals(countUnit)) {
                    throw invalid(where + ".selection.countUnit 'days' is required with countType sinceImagePushed");
                }
            } else if (countUnit != null) {
                throw invalid(where + ".selection.countUnit is only allowed with countType sinceImagePushed");
            }
            JsonNode n = sel.path("countNumber");
            if (!n.isIntegralNumber() || n.asLong() < 1) {
                throw invalid(where + ".selection.countNumber must be an integer of at least 1");
            }
            if (!"expire".equals(r.path("action").path("type").asText())) {
                throw invalid(where + ".action.type must be 'expire'");
            }
            rules.add(new Rule(priority, r.path("description").asText(null), tagStatus, prefixes, patterns,
                    countType, countUnit, n.asLong()));
        }
        rules.sort(Comparator.comparingInt(Rule::priority));
        for (int i = 0; i < rules.size() - 1; i++) {
            if (rules.get(i).tagStatus().equals("any")) {
                throw invalid("the rule with tagStatus 'any' (rulePriority " + rules.get(i).priority()
                        + ") must have the highest rulePriority");
            }
        }
        return new LifecyclePolicy(List.copyOf(rules));
    }

    /**
     * Evaluates all rules against the images and returns the expiries in rule order. Each rule sees all
     * images (as if none had expired yet), but may expire only images that no rule of higher priority
     * (lower number) selected; each image is expired by at most one rule; oldest pushes go first.
     */
    List<Expiry> evaluate(List<ImageView> images, Instant now) {
        Map<String, Expiry> expired = new LinkedHashMap<>();
        Set<String> selectedByHigher = new HashSet<>();
        for (Rule rule : rules) {
            List<ImageView> selected = new ArrayList<>();
            for (ImageView image : images) {
                if (rule.selects(image)) {
                    selected.add(image);
                }
            }
            // newest first
            selected.sort(Comparator.comparing(ImageView::pushedAt).reversed().thenComparing(ImageView::digest));
            List<ImageView> candidates = new ArrayList<>();
            if (rule.countType().equals("imageCountMoreThan")) {
                if (selected.size() > rule.countNumber()) {
                    candidates.addAll(selected.subList((int) rule.countNumber(), selected.size()));
                }
            } else {
                Instant cutoff = now.minus(Duration.ofDays(rule.countNumber()));
                for (ImageView image : selected) {
                    if (image.pushedAt().isBefore(cutoff)) {
                        candidates.add(image);
                    }
                }
            }
            candidates.sort(Comparator.comparing(ImageView::pushedAt).thenComparing(ImageView::digest));
            for (ImageView image : candidates) {
                if (!selectedByHigher.contains(image.digest()) && !expired.containsKey(image.digest())) {
                    expired.put(image.digest(), new Expiry(image, rule.priority()));
                }
            }
            for (ImageView image : selected) {
                selectedByHigher.add(image.digest());
            }
        }
        return List.copyOf(expired.values());
    }

    private static List<String> strings(JsonNode sel, String field, String where) throws AwsException {
        if (!sel.has(field)) {
            return List.of();
        }
        JsonNode list = sel.get(field);
        if (!list.isArray()) {
            throw invalid(where + ".selection." + field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode v : list) {
            if (!v.isTextual() || v.asText().isEmpty()) {
                throw invalid(where + ".selection." + field + " must contain non-empty strings");
            }
            out.add(v.asText());
        }
        return List.copyOf(out);
    }

    /** {@code *} matches any run of characters; everything else is literal. */
    private static Pattern wildcard(String pattern) {
        List<String> parts = new ArrayList<>();
        for (String part : pattern.split("\\*", -1)) {
            parts.add(part.isEmpty() ? "" : Pattern.quote(part));
        }
        return Pattern.compile(String.join(".*", parts));
    }

    private static AwsException invalid(String reason) {
        return AwsException.client("InvalidParameterException",
                "Invalid parameter at 'LifecyclePolicyText' failed to satisfy constraint: 'Lifecycle policy validation"
                        + " failure: " + reason + "'");
    }
}
