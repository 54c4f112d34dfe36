/**
 * Rendering of the one service intent to every target type, and the plan diff. Pure: no network calls.
 *
 * <h2>Entry points</h2>
 * <ul>
 *   <li>{@link dev.uniformpipeline.core.deploy.Renderer#standard()} then
 *       {@link dev.uniformpipeline.core.deploy.Renderer#render(dev.uniformpipeline.core.spec.ResolvedPipeline,
 *       ImageRef, String, String, java.util.function.Function)}: a resolved pipeline file plus the pushed image
 *       digest to one {@link dev.uniformpipeline.core.deploy.RenderedTarget} per target ({@code pipeline render}).
 *       Problems of every target come at once as {@code InvalidPipelineException}, with pipeline-file paths and,
 *       given {@code LoadedPipeline::origin}, file:line:col.</li>
 *   <li>{@link dev.uniformpipeline.core.deploy.RenderedTarget#documents()}: document name to text, e.g.
 *       {@code ecs/register-task-definition.json}, {@code ecs/create-service.json}, {@code ecs/update-service.json},
 *       {@code elbv2/modify-target-group.json}, {@code elbv2/modify-target-group-attributes.json},
 *       {@code logs/create-log-group.json}, {@code application-autoscaling/*.json}, {@code k8s/deployment.yaml}, ...
 *       AWS documents are JSON in the API's member names (what {@code aws <svc> <op> --cli-input-json} reads);
 *       Kubernetes documents are YAML. {@link dev.uniformpipeline.core.deploy.RenderedTarget#joined()} prints all.</li>
 *   <li>{@link dev.uniformpipeline.core.deploy.plan.PlanDiff#plan(RenderedTarget,
 *       dev.uniformpipeline.core.deploy.plan.CurrentState)}: create / update (with field paths) / replace / no change
 *       per object ({@code pipeline plan}); the deployer implements
 *       {@link dev.uniformpipeline.core.deploy.plan.CurrentState} with Describe/GET calls.</li>
 *   <li>Lower level: {@link dev.uniformpipeline.core.deploy.Renderer#render(RenderInput)} with a hand-built
 *       {@link dev.uniformpipeline.core.deploy.ServiceIntent} / {@link dev.uniformpipeline.core.deploy.RolloutIntent} /
 *       {@link dev.uniformpipeline.core.deploy.DeployTarget}; {@link dev.uniformpipeline.core.deploy.SpecIntents}
 *       adapts the spec model to these.</li>
 * </ul>
 *
 * <h2>How each invariant renders</h2>
 * <table>
 *   <caption>one intent, three targets</caption>
 *   <tr><th>intent</th><th>ECS (EC2 and Fargate)</th><th>EKS</th></tr>
 *   <tr><td>image</td><td>container {@code image} = repository@digest</td><td>container {@code image} = repository@digest</td></tr>
 *   <tr><td>health gate</td><td>target group HealthCheck* + Matcher (default 200-399); service
 *       {@code healthCheckGracePeriodSeconds} = gracePeriod; container healthCheck only with a command</td>
 *       <td>readinessProbe with the same path/period/timeout/thresholds; livenessProbe with initialDelaySeconds =
 *       gracePeriod (successThreshold 1); the same target group through a TargetGroupBinding</td></tr>
 *   <tr><td>surge / unavailable</td><td>maximumPercent / minimumHealthyPercent chosen so ECS's floor/ceil
 *       arithmetic gives Kubernetes' task counts ({@link dev.uniformpipeline.core.deploy.RolloutMath})</td>
 *       <td>RollingUpdate maxSurge / maxUnavailable as written</td></tr>
 *   <tr><td>rollback</td><td>deploymentCircuitBreaker {enable: true, rollback: auto}</td>
 *       <td>annotation {@code uniform.dev/rollback}; the deployer undoes the rollout (Kubernetes never does);
 *       progressDeadlineSeconds = rollout.timeout</td></tr>
 *   <tr><td>cpu / memory</td><td>task cpu/memory strings (units = vCPU x 1024)</td><td>pod total requests =
 *       limits = task size (millicores = vCPU x 1000); hence cpu is a multiple of 0.125 vCPU</td></tr>
 *   <tr><td>env / secrets</td><td>environment / secrets[].valueFrom (execution role reads them)</td>
 *       <td>env / secretKeyRef into a Secret synced by the Secrets Store CSI driver (see {@code eks.EksSecrets})</td></tr>
 *   <tr><td>log sink</td><td>awslogs / awsfirelens + router / splunk (token in secretOptions)</td>
 *       <td>{@code uniform.dev/log-*} and {@code splunk.com/*} pod annotations for the cluster's collector</td></tr>
 *   <tr><td>deregistration delay</td><td colspan="2">target group attribute {@code deregistration_delay.timeout_seconds},
 *       30 s unless {@code rollout.deregistrationDelay} says otherwise (ELB's default of 300 s would eat the
 *       rollout timeout)</td></tr>
 *   <tr><td>volumes</td><td>EFS (transit encryption on unless turned off; required with access points and IAM),
 *       host path (EC2 only), scratch task volume</td><td>static EFS PersistentVolume/Claim (tls/iam mount options),
 *       hostPath (DirectoryOrCreate), emptyDir (with sizeLimit)</td></tr>
 *   <tr><td>autoscaling</td><td>scalable target + target tracking per metric (cpu, memory, ALB requests per
 *       target)</td><td>HPA autoscaling/v2 on cpu/memory utilization; requests per target is refused</td></tr>
 *   <tr><td>sidecars</td><td>extra containers; dependsOn as written; startBeforeApp = app dependsOn START</td>
 *       <td>extra containers; startBeforeApp = native sidecar; dependsOn is refused</td></tr>
 *   <tr><td>log group</td><td colspan="2">{@code logs/create-log-group.json} (+ retention): the deployer ensures it
 *       exists before anything writes, so a missing group never stops a container</td></tr>
 * </table>
 *
 * <h2>Placeholders</h2>
 * Values known only during the deploy are written as {@code {{...}}} markers ({@link dev.uniformpipeline.core.deploy.Placeholders}):
 * the task definition ARN, a new target group's ARN, the listener's VPC. A listener rule's {@code Priority} is
 * left out when the pipeline file names none: the deployer picks the lowest free one.
 *
 * <h2>Golden files</h2>
 * {@code pipeline-core/src/test/resources/render/<target>/} holds the exact documents for the design guide's
 * "orders" service on fargate, ecs-ec2 and eks. Regenerate after an intended change and review the diff:
 * <pre>./mvnw -B -pl pipeline-core -am test -Dtest=RenderGoldenTest -Dsurefire.failIfNoSpecifiedTests=false -Drender.updateGoldens=true</pre>
 */
package dev.uniformpipeline.core.deploy;
