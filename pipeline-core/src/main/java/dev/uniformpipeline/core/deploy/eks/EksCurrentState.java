package dev.uniformpipeline.core.deploy.eks;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.uniformpipeline.core.deploy.AwsJson;
import dev.uniformpipeline.core.deploy.ResourceRef;
import dev.uniformpipeline.core.deploy.plan.CurrentState;
import dev.uniformpipeline.core.deploy.plan.LiveStateException;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The live state of one EKS target, read with GETs only: {@code find} returns the object as the API server
 * returns it, or empty on 404. The connection comes from the run's environment: {@code KUBECONFIG} (first file),
 * else {@code $HOME/.kube/config}, else the in-cluster service account ({@code KUBERNETES_SERVICE_HOST}); the
 * kubeconfig's current context is used.
 */
public final class EksCurrentState implements CurrentState, AutoCloseable {
    private final String target;
    private final KubernetesClient client;

    EksCurrentState(String target, KubernetesClient client) {
        this.target = target;
        this.client = client;
    }

    /** @throws LiveStateException no cluster connection is configured, or the kubeconfig cannot be read */
    public static EksCurrentState open(String target, String cluster, Map<String, String> env) {
        return new EksCurrentState(target, new KubernetesClientBuilder().withConfig(config(target, cluster, env)).build());
    }

    static Config config(String target, String cluster, Map<String, String> env) {
        Path kubeconfig = null;
        String k = env.get("KUBECONFIG");
        if (k != null && !k.isBlank()) {
            kubeconfig = Path.of(k.split(File.pathSeparator)[0]);
        } else if (env.get("HOME") != null && Files.isRegularFile(Path.of(env.get("HOME"), ".kube", "config"))) {
            kubeconfig = Path.of(env.get("HOME"), ".kube", "config");
        }
        if (kubeconfig != null) {
            try {
                return Config.fromKubeconfig(null, Files.readString(kubeconfig), kubeconfig.toString());
            } catch (IOException | RuntimeException e) {
                throw new LiveStateException("cannot read the kubeconfig " + kubeconfig + " for EKS target '" + target
                        + "': " + e.getMessage() + "; fix KUBECONFIG or run: aws eks update-kubeconfig --name " + cluster, e);
            }
        }
        if (env.get("KUBERNETES_SERVICE_HOST") != null) {
            return Config.autoConfigure(null);
        }
        throw new LiveStateException("no Kubernetes connection for EKS target '" + target + "' (cluster " + cluster
                + "): set KUBECONFIG, or run: aws eks update-kubeconfig --name " + cluster + ", or run inside the cluster",
                null);
    }

    @Override
    public Optional<JsonNode> find(ResourceRef ref) {
        if (!ref.isKubernetes()) {
            throw new IllegalArgumentException("no live reader for " + ref.kind() + " on an EKS target");
        }
        String typeName = ref.kind().substring("k8s:".length());
        int slash = typeName.lastIndexOf('/');
        String apiVersion = typeName.substring(0, slash);
        String kind = typeName.substring(slash + 1);
        int sep = ref.id().indexOf('/');
        String namespace = sep < 0 ? null : ref.id().substring(0, sep);
        String name = ref.id().substring(sep + 1);
        try {
            var op = client.genericKubernetesResources(apiVersion, kind);
            GenericKubernetesResource r = namespace == null ? op.withName(name).get()
                    : op.inNamespace(namespace).withName(name).get();
            return r == null ? Optional.empty() : Optional.of(AwsJson.mapper().valueToTree(r));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new LiveStateException("cannot read " + kind + " " + ref.id() + " of EKS target '" + target + "' at "
                    + client.getMasterUrl() + ": " + e.getMessage() + "; check the kubeconfig's context and credentials", e);
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
