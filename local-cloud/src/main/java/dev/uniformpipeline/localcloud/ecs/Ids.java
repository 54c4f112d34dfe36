package dev.uniformpipeline.localcloud.ecs;

import java.security.SecureRandom;
import java.util.HexFormat;

/** ARNs and ids in AWS's formats (AWS-FACTS §2). */
final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    static String hex(int chars) {
        byte[] b = new byte[(chars + 1) / 2];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b).substring(0, chars);
    }

    /** {@code ecs-svc/} followed by 19 digits. */
    static String deploymentId() {
        StringBuilder sb = new StringBuilder("ecs-svc/");
        sb.append(1 + RANDOM.nextInt(9));
        for (int i = 0; i < 18; i++) {
            sb.append(RANDOM.nextInt(10));
        }
        return sb.toString();
    }

    static String arn(String region, String account, String resource) {
        return "arn:aws:ecs:" + region + ":" + account + ":" + resource;
    }

    static String uuid() {
        return java.util.UUID.randomUUID().toString();
    }

    static String lastPart(String arn) {
        return arn.substring(arn.lastIndexOf('/') + 1);
    }
}
