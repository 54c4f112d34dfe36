/**
 * Amazon ECS rendering, for both EC2 and Fargate targets: task definition, service (create and update forms),
 * Application Auto Scaling, plus the shared target group and log group documents. See
 * {@link dev.uniformpipeline.core.deploy.ecs.EcsRenderer} and {@link dev.uniformpipeline.core.deploy.ecs.EcsLogging}.
 */
package dev.uniformpipeline.core.deploy.ecs;
