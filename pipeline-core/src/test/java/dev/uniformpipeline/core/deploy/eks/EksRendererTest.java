package dev.uniformpipeline.core.deploy.eks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.api.Problem;
import dev.uniformpipeline.core.deploy.Fixtures;
import dev.uniformpipeline.core.deploy.RenderInput;
import dev.uniformpipeline.core.deploy.RenderedTarget;
import dev.uniformpipeline.core.deploy.Renderer;
import dev.uniformpipeline.core.deploy.ServiceIntent;
import dev.uniformpipeline.core.deploy.ServiceIntent.EfsVolume;
import dev.uniformpipeline.core.deploy.ServiceIntent.Logging;
import dev.uniformpipeline.core.deploy.ServiceIntent.Sidecar;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

class EksRendererTest {
    private static final KubernetesSerialization K8S = new KubernetesSerialization();

    private static RenderedTarget render(RenderInput in) throws InvalidPipelineException {
        return Renderer.standard().render(in);
    }

    private static <T> T read(RenderedTarget t, String doc, Class<T> type) {
        return K8S.unmarshal(t.document(doc), type);
    }

    private static Container app(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals(d.getMetadata().getName())).findFirst().orElseThrow();
    }

    @Test
    void everyYamlDocumentReadsBackAsItsKubernetesType() throws Exception {
        RenderedTarget t = render(Fixtures.input(Fixtures.eks()));
        for (Map.Entry<String, String> e : t.documents().entrySet()) {
            if (e.getKey().startsWith("k8s/")) {
                Object o = K8S.unmarshal(e.getValue());
                assertInstanceOf(io.fabric8.kubernetes.api.model.HasMetadata.class, o, e.getKey());
            }
        }
        assertInstanceOf(Deployment.class, K8S.unmarshal(t.document("k8s/deployment.yaml")));
        assertInstanceOf(HorizontalPodAutoscaler.class, K8S.unmarshal(t.document("k8s/horizontalpodautoscaler.yaml")));
    }

    @Test
    void deploymentRunsTheDigestWithProbesFromTheHealthGate() throws Exception {
        Deployment d = read(render(Fixtures.input(Fixtures.eks())), "k8s/deployment.yaml", Deployment.class);
        Container c = app(d);
        assertEquals(Fixtures.IMAGE.reference(), c.getImage());
        assertTrue(c.getImage().contains("@sha256:"));
        assertEquals("/health", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals(2, c.getReadinessProbe().getSuccessThreshold());
        assertEquals(0, c.getReadinessProbe().getInitialDelaySeconds());
        assertEquals(30, c.getLivenessProbe().getInitialDelaySeconds(), "grace period protects slow starters");
        assertEquals(1, c.getLivenessProbe().getSuccessThreshold(), "Kubernetes requires 1 for liveness");
        assertEquals(600, d.getSpec().getProgressDeadlineSeconds());
        assertEquals("100%", d.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getStrVal());
        assertEquals(Fixtures.REVISION, d.getMetadata().getAnnotations().get("uniform.dev/git-revision"));
        assertEquals(Fixtures.REVISION, d.getSpec().getTemplate().getMetadata().getAnnotations().get("uniform.dev/git-revision"));
        assertEquals("500m", c.getResources().getRequests().get("cpu").toString());
        assertEquals(c.getResources().getRequests(), c.getResources().getLimits());
        assertEquals("orders", d.getSpec().getTemplate().getSpec().getServiceAccountName());
    }

    @Test
    void serviceAccountCarriesTheIrsaRole() throws Exception {
        ServiceAccount sa = read(render(Fixtures.input(Fixtures.eks())), "k8s/serviceaccount.yaml", ServiceAccount.class);
        assertEquals("arn:aws:iam::123456789012:role/orders-task", sa.getMetadata().getAnnotations().get(EksRenderer.IRSA_ANNOTATION));
        assertEquals("orders", sa.getMetadata().getNamespace());
    }

    @Test
    void targetGroupBindingPointsTheTargetGroupAtTheServiceByIp() throws Exception {
        GenericKubernetesResource tgb = read(render(Fixtures.input(Fixtures.eks())), "k8s/targetgroupbinding.yaml",
                GenericKubernetesResource.class);
        assertEquals("elbv2.k8s.aws/v1beta1", tgb.getApiVersion());
        assertEquals("ip", tgb.get("spec", "targetType"));
        assertEquals(Fixtures.TG_ARN, tgb.get("spec", "targetGroupARN"));
        assertEquals("orders", tgb.get("spec", "serviceRef", "name"));
        assertEquals(8080, ((Number) tgb.get("spec", "serviceRef", "port")).intValue());
        RenderedTarget noLb = render(Fixtures.input(Fixtures.eks().toBuilder().loadBalancer(null).build()));
        assertFalse(noLb.documents().containsKey("k8s/targetgroupbinding.yaml"));
    }

    @Test
    void secretsComeFromTheCsiDriverWithJsonKeysAsJmesPath() throws Exception {
        RenderedTarget t = render(Fixtures.input(Fixtures.eks()));
        GenericKubernetesResource spc = read(t, "k8s/secretproviderclass.yaml", GenericKubernetesResource.class);
        String objects = spc.get("spec", "parameters", "objects");
        assertTrue(objects.contains("objectName: \"arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-login-XyZ123\""), objects);
        assertTrue(objects.contains("- path: \"username\"\n      objectAlias: \"DB_USER\""), objects);
        Container c = app(read(t, "k8s/deployment.yaml", Deployment.class));
        var dbUser = c.getEnv().stream().filter(e -> e.getName().equals("DB_USER")).findFirst().orElseThrow();
        assertNull(dbUser.getValue());
        assertEquals("orders-aws-secrets", dbUser.getValueFrom().getSecretKeyRef().getName());
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals(EksSecrets.MOUNT_PATH)),
                "the CSI volume must be mounted for the Secret to be synced");
    }

    @Test
    void secretsWithoutAnIrsaRoleAreRefused() {
        ServiceIntent s = Fixtures.orders().toBuilder().iam(new ServiceIntent.Iam(null, "arn:aws:iam::1:role/exec")).build();
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> render(Fixtures.input(Fixtures.eks()).withService(s)));
        assertTrue(e.problems().stream().map(Problem::path).anyMatch("service.iam.taskRole"::equals));
    }

    @Test
    void podResourcesAddUpToTheTaskSizeWithSidecars() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder().cpu("1").memoryMiB(2048)
                .sidecar(new Sidecar("envoy", "envoy:v1", new BigDecimal("0.25"), 256, null, true, true))
                .sidecar(new Sidecar("xray", "xray:3", new BigDecimal("0.125"), 128, null, false, false)).build();
        Deployment d = read(render(Fixtures.input(Fixtures.eks()).withService(s)), "k8s/deployment.yaml", Deployment.class);
        assertEquals("625m", app(d).getResources().getRequests().get("cpu").toString());
        assertEquals("1664Mi", app(d).getResources().getRequests().get("memory").toString());
        Container envoy = d.getSpec().getTemplate().getSpec().getInitContainers().get(0);
        assertEquals("envoy", envoy.getName());
        assertEquals("Always", envoy.getRestartPolicy(), "native sidecar starts before the app");
        assertTrue(d.getSpec().getTemplate().getSpec().getContainers().stream().anyMatch(c -> c.getName().equals("xray")));
    }

    @Test
    void logSinkIsCarriedAsAnnotationsForTheClusterCollector() throws Exception {
        Deployment d = read(render(Fixtures.input(Fixtures.eks()).withService(Fixtures.orders().toBuilder()
                .logging(Logging.firelens("/uniform/orders").withStreamPrefix("ord")).build())), "k8s/deployment.yaml", Deployment.class);
        Map<String, String> a = d.getSpec().getTemplate().getMetadata().getAnnotations();
        assertEquals("firelens", a.get(EksRenderer.ANNOTATION_LOG_DRIVER));
        assertEquals("/uniform/orders", a.get(EksRenderer.ANNOTATION_LOG_GROUP));
        assertEquals("ord", a.get(EksRenderer.ANNOTATION_LOG_STREAM_PREFIX));
        assertTrue(a.get(EksRenderer.ANNOTATION_LOG_OPTIONS).contains("\"Name\":\"cloudwatch_logs\""));
    }

    @Test
    void efsBecomesAStaticPersistentVolumeWithTheSameEncryptionRules() throws Exception {
        EfsVolume ap = new EfsVolume("data", "fs-0123456789abcdef0", null, "fsap-0123456789abcdef0", true, null, "/data", false);
        RenderedTarget t = render(Fixtures.input(Fixtures.eks()).withService(Fixtures.orders().toBuilder().volume(ap).build()));
        PersistentVolume pv = read(t, "k8s/efs-data-persistentvolume.yaml", PersistentVolume.class);
        assertEquals("fs-0123456789abcdef0::fsap-0123456789abcdef0", pv.getSpec().getCsi().getVolumeHandle());
        assertEquals(List.of("tls", "iam"), pv.getSpec().getMountOptions());
        assertEquals(EksRenderer.EFS_CSI_DRIVER, pv.getSpec().getCsi().getDriver());
        Container c = app(read(t, "k8s/deployment.yaml", Deployment.class));
        assertTrue(c.getVolumeMounts().stream().anyMatch(m -> m.getMountPath().equals("/data")));
    }

    @Test
    void scratchAndHostVolumesAndSidecarPortsRender() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder()
                .scratchVolume(new ServiceIntent.ScratchVolume("cache", "/tmp/cache", false, null, 256))
                .scratchVolume(new ServiceIntent.ScratchVolume("host", "/var/host", true, "/mnt/host", null))
                .sidecar(new Sidecar("envoy", "envoy:v1", null, null, null, true, false, List.of(9901), List.of())).build();
        Deployment d = read(render(Fixtures.input(Fixtures.eks()).withService(s)), "k8s/deployment.yaml", Deployment.class);
        var volumes = d.getSpec().getTemplate().getSpec().getVolumes();
        assertEquals("256Mi", volumes.stream().filter(v -> v.getName().equals("cache")).findFirst().orElseThrow()
                .getEmptyDir().getSizeLimit().toString());
        assertEquals("/mnt/host", volumes.stream().filter(v -> v.getName().equals("host")).findFirst().orElseThrow()
                .getHostPath().getPath());
        Container envoy = d.getSpec().getTemplate().getSpec().getContainers().stream().filter(c -> c.getName().equals("envoy"))
                .findFirst().orElseThrow();
        assertEquals(9901, envoy.getPorts().get(0).getContainerPort());
    }

    @Test
    void whatKubernetesCannotDoIsRefusedOnEksOnly() throws Exception {
        ServiceIntent s = Fixtures.orders().toBuilder()
                .sidecar(new Sidecar("envoy", "envoy:v1", null, null, null, true, false, List.of(),
                        List.of(new ServiceIntent.Dependency("orders", "START"))))
                .autoscaling(new ServiceIntent.Autoscaling(2, 10, 60, null, null, null, 500)).build();
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> render(Fixtures.input(Fixtures.eks()).withService(s)));
        List<String> paths = e.problems().stream().map(Problem::path).toList();
        assertTrue(paths.containsAll(List.of("service.sidecars[0].dependsOn", "service.autoscaling.requestsPerTarget")), paths.toString());
        render(Fixtures.input(Fixtures.ecsEc2()).withService(s));
    }

    @Test
    void ecsOnlySettingsOnAnEksTargetAreRefused() {
        var t = Fixtures.eks().toBuilder().capacityProvider("prod-asg", 0, 1).build();
        InvalidPipelineException e = assertThrows(InvalidPipelineException.class, () -> render(Fixtures.input(t)));
        assertEquals("targets.prod-eks.capacityProviders", e.problems().get(0).path());
    }
}
