package dev.uniformpipeline.localcloud.ecr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.uniformpipeline.localcloud.spi.AwsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LifecyclePolicyTest {
    static final String KEEP_3_V_AND_UNTAGGED_7_DAYS = "{\"rules\":["
            + "{\"rulePriority\":1,\"description\":\"keep last 3 v*\",\"selection\":{\"tagStatus\":\"tagged\","
            + "\"tagPrefixList\":[\"v\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":3},"
            + "\"action\":{\"type\":\"expire\"}},"
            + "{\"rulePriority\":2,\"description\":\"untagged after 7 days\",\"selection\":{\"tagStatus\":\"untagged\","
            + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":7},"
            + "\"action\":{\"type\":\"expire\"}}]}";

    private static String rules(String... rules) {
        String text = "{\"rules\":[" + String.join(",", rules) + "]}";
        // pad with whitespace to the API's 100-character minimum; JSON ignores it
        return text.length() >= 100 ? text : text + " ".repeat(100 - text.length());
    }

    private static String rule(int priority, String selection) {
        return "{\"rulePriority\":" + priority + ",\"selection\":{" + selection + "},\"action\":{\"type\":\"expire\"}}";
    }

    private static String invalidReason(String text) {
        AwsException e = assertThrows(AwsException.class, () -> LifecyclePolicy.parse(text));
        assertEquals("InvalidParameterException", e.code());
        return e.getMessage();
    }

    @Test
    void acceptsTheUsualKeepLastAndExpireUntaggedPolicy() throws AwsException {
        LifecyclePolicy p = LifecyclePolicy.parse(KEEP_3_V_AND_UNTAGGED_7_DAYS);
        assertEquals(2, p.rules().size());
        assertEquals("tagged", p.rules().get(0).tagStatus());
    }

    @Test
    void rejectsTaggedRuleWithoutPrefixOrPatternAndUntaggedRuleWithOne() {
        assertTrue(invalidReason(rules(rule(1, "\"tagStatus\":\"tagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1")))
                .contains("requires a non-empty tagPrefixList or tagPatternList"));
        assertTrue(invalidReason(rules(rule(1, "\"tagStatus\":\"untagged\",\"tagPrefixList\":[\"v\"],"
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1"))).contains("only allowed with tagStatus 'tagged'"));
    }

    @Test
    void rejectsCountUnitWithCountAndMissingCountUnitWithAge() {
        assertTrue(invalidReason(rules(rule(1, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\","
                + "\"countUnit\":\"days\",\"countNumber\":1"))).contains("countUnit is only allowed"));
        assertTrue(invalidReason(rules(rule(1, "\"tagStatus\":\"any\",\"countType\":\"sinceImagePushed\","
                + "\"countNumber\":1"))).contains("countUnit 'days' is required"));
    }

    @Test
    void rejectsDuplicatePrioritiesAnyNotLastTwoUntaggedRulesAndRepeatedPrefixes() {
        String any = rule(1, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5");
        String tagged = rule(2, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":5");
        assertTrue(invalidReason(rules(any, tagged)).contains("must have the highest rulePriority"));
        String u1 = rule(1, "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5");
        String u2 = rule(2, "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":9");
        assertTrue(invalidReason(rules(u1, u2)).contains("only one rule may select untagged"));
        String t1 = rule(3, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"v\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":5");
        String t1again = rule(3, "\"tagStatus\":\"untagged\",\"countType\":\"imageCountMoreThan\",\"countNumber\":5");
        assertTrue(invalidReason(rules(t1, t1again)).contains("rulePriority 3 is used by more than one rule"));
        assertTrue(invalidReason(rules(tagged, t1.replace("\"rulePriority\":3", "\"rulePriority\":4")))
                .contains("tag prefix 'v' appears in more than one rule"));
    }

    @Test
    void rejectsMoreThanFourWildcardsLowerCaseOnlyTagStatusAndShortText() {
        assertTrue(invalidReason(rules(rule(1, "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"a*b*c*d*e*\"],"
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1"))).contains("more than 4 wildcards"));
        assertTrue(invalidReason(rules(rule(1, "\"tagStatus\":\"TAGGED\",\"tagPrefixList\":[\"v\"],"
                + "\"countType\":\"imageCountMoreThan\",\"countNumber\":1"))).contains("lower case"));
        assertTrue(invalidReason("{\"rules\":[]}").contains("between 100 and 30720"));
    }

    private static final Instant NOW = Instant.parse("2026-03-20T00:00:00Z");

    private static LifecyclePolicy.ImageView img(String digest, int daysAgo, String... tags) {
        return new LifecyclePolicy.ImageView(digest, Set.of(tags), NOW.minus(Duration.ofDays(daysAgo)));
    }

    private static Map<String, Integer> expired(LifecyclePolicy p, List<LifecyclePolicy.ImageView> images) {
        Map<String, Integer> out = new TreeMap<>();
        for (LifecyclePolicy.Expiry e : p.evaluate(images, NOW)) {
            out.put(e.image().digest(), e.rulePriority());
        }
        return out;
    }

    @Test
    void keepsNewestThreeVTagsAndExpiresUntaggedOlderThanSevenDays() throws AwsException {
        List<LifecyclePolicy.ImageView> images = new ArrayList<>(List.of(
                img("v1", 20, "v1"), img("v2", 15, "v2"), img("v3", 10, "v3"), img("v4", 5, "v4"),
                img("v5", 1, "v5"), img("latest", 30, "latest"), img("old-untagged", 8),
                img("new-untagged", 6)));
        assertEquals(Map.of("v1", 1, "v2", 1, "old-untagged", 2),
                expired(LifecyclePolicy.parse(KEEP_3_V_AND_UNTAGGED_7_DAYS), images));
    }

    @Test
    void imageSelectedByAHigherPriorityRuleIsNeverExpiredByALowerOne() throws AwsException {
        // rule 1 keeps the newest 5 "prod" images; rule 2 (any) keeps only 1 image overall.
        LifecyclePolicy p = LifecyclePolicy.parse(rules(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\"],\"countType\":\"imageCountMoreThan\",\"countNumber\":5"),
                rule(9, "\"tagStatus\":\"any\",\"countType\":\"imageCountMoreThan\",\"countNumber\":1")));
        List<LifecyclePolicy.ImageView> images = List.of(img("p1", 9, "prod-1"), img("p2", 8, "prod-2"),
                img("d1", 7, "dev-1"), img("d2", 6, "dev-2"), img("u", 5));
        // any-rule sees 5 images, keeps the newest (u), would expire p1,p2,d1,d2 - but p1,p2 are protected by rule 1
        assertEquals(Map.of("d1", 9, "d2", 9), expired(p, images));
    }

    @Test
    void allListedPrefixesMustMatchAndPatternsUseWildcards() throws AwsException {
        LifecyclePolicy p = LifecyclePolicy.parse(rules(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPrefixList\":[\"prod\",\"release\"],"
                        + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1")));
        List<LifecyclePolicy.ImageView> images = List.of(img("both", 3, "prod-a", "release-1"), img("one", 3, "prod-b"));
        assertEquals(Map.of("both", 1), expired(p, images));
        LifecyclePolicy pattern = LifecyclePolicy.parse(rules(
                rule(1, "\"tagStatus\":\"tagged\",\"tagPatternList\":[\"*-rc*\"],"
                        + "\"countType\":\"sinceImagePushed\",\"countUnit\":\"days\",\"countNumber\":1")));
        assertEquals(Map.of("rc", 1), expired(pattern, List.of(img("rc", 3, "1.0-rc2"), img("ga", 3, "1.0"))));
    }
}
