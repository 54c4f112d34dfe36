package dev.uniformpipeline.core.deploy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names and labels every renderer derives the same way from the intent and the target. */
public final class Naming {
    public static final String MANAGED_BY = "uniform-pipeline";
    public static final String LABEL_NAME = "app.kubernetes.io/name";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_TARGET = "uniform.dev/target";
    public static final String ANNOTATION_REVISION = "uniform.dev/git-revision";
    public static final String ANNOTATION_DIGEST = "uniform.dev/image-digest";

    private Naming() {
    }

    /** ECS task definition family: one per service and target. */
    public static String family(RenderInput in) {
        return in.service().name() + "-" + sanitize(in.target().name());
    }

    /** Target group name: at most 32 characters, letters, digits and '-'; shortened with a hash when needed. */
    public static String targetGroupName(RenderInput in) {
        String full = (in.service().name() + "-" + sanitize(in.target().name())).replaceAll("-+", "-");
        if (full.length() <= 32) {
            return trimDashes(full);
        }
        return trimDashes(full.substring(0, 23)) + "-" + hash(full).substring(0, 8);
    }

    /** Labels shared by all Kubernetes objects of the service (and ECS tags). */
    public static Map<String, String> labels(RenderInput in) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(LABEL_NAME, in.service().name());
        m.put(LABEL_MANAGED_BY, MANAGED_BY);
        m.put(LABEL_TARGET, sanitize(in.target().name()));
        return m;
    }

    /** Annotations that say what is deployed: the git revision and the image digest. */
    public static Map<String, String> provenance(RenderInput in) {
        Map<String, String> m = new LinkedHashMap<>();
        if (in.gitRevision() != null) {
            m.put(ANNOTATION_REVISION, in.gitRevision());
        }
        m.put(ANNOTATION_DIGEST, in.image().digest());
        return m;
    }

    static String sanitize(String s) {
        return s.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    }

    private static String trimDashes(String s) {
        return s.replaceAll("^-+|-+$", "");
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
