package dev.uniformpipeline.core.deploy.eks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How AWS secret ARNs reach a pod: the AWS provider of the Secrets Store CSI driver (ASCP).
 * <ul>
 *   <li>One {@code SecretProviderClass} named {@code <service>-aws-secrets} lists each ARN once
 *       ({@code objects}); a JSON key ({@code arn:...:secret:name-AbCdEf:<key>::}) becomes a {@code jmesPath}
 *       entry, a version stage {@code objectVersionLabel}, a version id {@code objectVersion}.</li>
 *   <li>Its {@code secretObjects} sync the values into a Kubernetes Secret of the same name, one key per
 *       environment variable, and the container reads them with {@code secretKeyRef}: the same variable names
 *       and values as ECS {@code secrets[].valueFrom}.</li>
 *   <li>The sync only happens while a pod mounts the CSI volume, so the application container mounts it
 *       read-only at {@link #MOUNT_PATH}.</li>
 *   <li>ASCP reads the secrets with the pod's IRSA role ({@code iam.taskRole}); on ECS the execution role reads
 *       them. Grant the task role {@code secretsmanager:GetSecretValue} / {@code ssm:GetParameters} for EKS.</li>
 *   <li>Cluster prerequisites: the CSI driver installed with {@code syncSecret.enabled=true} and the AWS provider.</li>
 * </ul>
 */
public final class EksSecrets {
    public static final String PROVIDER_API_VERSION = "secrets-store.csi.x-k8s.io/v1";
    public static final String CSI_DRIVER = "secrets-store.csi.k8s.io";
    public static final String MOUNT_PATH = "/mnt/secrets-store";
    public static final String VOLUME_NAME = "aws-secrets";

    private EksSecrets() {
    }

    /** Name of both the SecretProviderClass and the synced Secret. */
    public static String secretName(String service) {
        return service + "-aws-secrets";
    }

    /** One parsed secret reference. */
    record Ref(String baseArn, String type, String jsonKey, String versionStage, String versionId) {
        String group() {
            return baseArn + "|" + versionStage + "|" + versionId;
        }
    }

    static Ref parse(String arn) {
        String[] parts = arn.split(":", -1);
        if (parts[2].equals("ssm")) {
            return new Ref(arn, "ssmparameter", null, null, null);
        }
        String base = String.join(":", java.util.Arrays.copyOfRange(parts, 0, Math.min(7, parts.length)));
        String key = parts.length > 7 && !parts[7].isEmpty() ? parts[7] : null;
        String stage = parts.length > 8 && !parts[8].isEmpty() ? parts[8] : null;
        String id = parts.length > 9 && !parts[9].isEmpty() ? parts[9] : null;
        return new Ref(base, "secretsmanager", key, stage, id);
    }

    /**
     * The {@code objects} parameter (YAML text, as ASCP reads it) and the env-var-to-object-alias mapping.
     */
    record Objects(String yaml, Map<String, String> aliasByEnv) {
    }

    static Objects objects(Map<String, String> secrets) {
        Map<String, List<Map.Entry<String, Ref>>> groups = new LinkedHashMap<>();
        secrets.forEach((env, arn) -> {
            Ref r = parse(arn);
            groups.computeIfAbsent(r.group(), g -> new ArrayList<>()).add(Map.entry(env, r));
        });
        StringBuilder y = new StringBuilder();
        Map<String, String> aliasByEnv = new LinkedHashMap<>();
        int n = 0;
        for (List<Map.Entry<String, Ref>> group : groups.values()) {
            n++;
            Ref first = group.get(0).getValue();
            String wholeEnv = group.stream().filter(e -> e.getValue().jsonKey() == null).map(Map.Entry::getKey).findFirst().orElse(null);
            String alias = wholeEnv != null ? wholeEnv : "secret-" + n;
            y.append("- objectName: \"").append(first.baseArn()).append("\"\n");
            y.append("  objectType: \"").append(first.type()).append("\"\n");
            y.append("  objectAlias: \"").append(alias).append("\"\n");
            if (first.versionStage() != null) {
                y.append("  objectVersionLabel: \"").append(first.versionStage()).append("\"\n");
            }
            if (first.versionId() != null) {
                y.append("  objectVersion: \"").append(first.versionId()).append("\"\n");
            }
            boolean headerWritten = false;
            for (Map.Entry<String, Ref> e : group) {
                if (e.getValue().jsonKey() == null) {
                    aliasByEnv.put(e.getKey(), alias);
                    continue;
                }
                if (!headerWritten) {
                    y.append("  jmesPath:\n");
                    headerWritten = true;
                }
                y.append("    - path: \"").append(e.getValue().jsonKey()).append("\"\n");
                y.append("      objectAlias: \"").append(e.getKey()).append("\"\n");
                aliasByEnv.put(e.getKey(), e.getKey());
            }
        }
        return new Objects(y.toString(), aliasByEnv);
    }
}
