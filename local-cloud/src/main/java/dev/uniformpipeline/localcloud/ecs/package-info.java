/**
 * Local Amazon ECS ({@link dev.uniformpipeline.localcloud.ecs.EcsService}): the awsJson1.1 API under target prefix
 * {@code AmazonEC2ContainerServiceV20141113} plus a scheduler on the {@code CloudClock} that behaves like ECS where a
 * deployer depends on it. Facts follow {@code /work/shared/AWS-FACTS.md} §2 and §10.
 *
 * <h2>Operations</h2>
 * CreateCluster, DescribeClusters, ListClusters, DeleteCluster, PutClusterCapacityProviders, CreateCapacityProvider
 * (ASG-backed), DescribeCapacityProviders (FARGATE and FARGATE_SPOT built in), DeleteCapacityProvider,
 * RegisterContainerInstance / DeregisterContainerInstance / DescribeContainerInstances / ListContainerInstances,
 * RegisterTaskDefinition (with AWS's validation), DescribeTaskDefinition, ListTaskDefinitions,
 * ListTaskDefinitionFamilies, DeregisterTaskDefinition, CreateService, UpdateService, DescribeServices, ListServices,
 * DeleteService, RunTask, StartTask, StopTask, DescribeTasks, ListTasks, TagResource, UntagResource, ListTagsForResource.
 * EventBridge rule targets start tasks through {@link dev.uniformpipeline.localcloud.spi.TaskLauncher}.
 *
 * <h2>Container instances</h2>
 * Tests and LocalCloud seed EC2 capacity with
 * {@link dev.uniformpipeline.localcloud.ecs.EcsService#registerContainerInstance} (cluster, capacity provider, CPU
 * units, MiB). RegisterContainerInstance works too: {@code totalResources} CPU/MEMORY and, since an ASG does not
 * exist locally, the attribute {@code uniform.capacityProvider} names the instance's capacity provider. Each instance
 * gets a loopback address; ELBv2 resolves instance targets with
 * {@link dev.uniformpipeline.localcloud.ecs.EcsService#containerInstanceAddress}.
 *
 * <h2>Tasks</h2>
 * Lifecycle {@code PROVISIONING → PENDING → ACTIVATING → RUNNING → DEACTIVATING → STOPPING → DEPROVISIONING →
 * STOPPED} with the durations in {@link dev.uniformpipeline.localcloud.ecs.EcsTimings} (cloud time; PROVISIONING and
 * DEPROVISIONING only for awsvpc, DEACTIVATING only while load-balancer targets drain for the target group's
 * deregistration delay). In ACTIVATING the image is resolved through ECR ({@code CannotPullContainerError} /
 * TaskFailedToStart when missing), awslogs groups are checked (missing group without {@code awslogs-create-group}
 * → {@code ResourceInitializationError}), containers start in the runtime (see the {@code runtime} package for the
 * simulated-container contract) and service tasks are registered in their target groups. An essential container that
 * exits stops the task with {@code EssentialContainerExited} and its exit code. Stopped tasks stay describable for
 * 65 minutes of cloud time. "ECS Task State Change" events go to EventBridge for every status change (ACTIVATING and
 * DEACTIVATING only with more than one target group), with ISO timestamps in {@code detail}.
 *
 * <h2>Services</h2>
 * Rolling updates (controller ECS, REPLICA) follow minimumHealthyPercent/maximumPercent: the floor
 * {@code ceil(desired × min / 100)} of healthy tasks is kept, at most {@code floor(desired × max / 100)} tasks run or
 * start at once, and when neither direction can move the service posts "was unable to stop or start tasks during a
 * deployment because of the service deployment configuration…". A task counts healthy when its targets are healthy
 * (and its container health checks, if any), else 40 s after RUNNING. Unhealthy targets after
 * healthCheckGracePeriodSeconds, or UNHEALTHY container checks, replace the task. The circuit breaker counts stage 1
 * (tasks of the deployment that stop before any of its tasks reached RUNNING) and stage 2 (health-check replacements)
 * against {@code ceil(0.5 × desired)} clamped to 3..200; on tripping the deployment becomes FAILED ("ECS deployment
 * circuit breaker: tasks failed to start.") and, with rollback, a new PRIMARY deployment runs the last COMPLETED task
 * definition. Service events use AWS's wording, newest first, at most 100, with repeats of the same condition
 * suppressed for 6 h. "ECS Deployment State Change" and "ECS Service Action" events go to EventBridge.
 *
 * <h2>Not modelled</h2>
 * DAEMON scheduling, the CODE_DEPLOY and EXTERNAL deployment controllers, task sets, service discovery,
 * Service Connect, placement strategies and constraints (EC2 placement is bin-pack by memory over CPU, memory and fixed
 * host ports), ASG managed scaling (instances are seeded, not launched), secrets resolution (secrets are validated,
 * not injected), dependsOn ordering, API throttling (the front door's fault injection covers it).
 */
package dev.uniformpipeline.localcloud.ecs;
