/**
 * Amazon EKS rendering with fabric8 model builders. Cluster prerequisites the rendering assumes: the AWS Load
 * Balancer Controller (TargetGroupBinding), the Secrets Store CSI driver with sync enabled and its AWS provider
 * (secrets), the EFS CSI driver (EFS volumes), a Fluent Bit (or Splunk) DaemonSet that routes by the
 * {@code uniform.dev/log-*} annotations (logs), and the metrics server (HPA). Tip: label the namespace
 * {@code elbv2.k8s.aws/pod-readiness-gate-inject=enabled} so pods only count as ready once the load balancer
 * finds them healthy, as ECS does. See {@link dev.uniformpipeline.core.deploy.eks.EksRenderer}.
 */
package dev.uniformpipeline.core.deploy.eks;
