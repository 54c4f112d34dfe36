/**
 * The data behind {@code pipeline plan}: {@link dev.uniformpipeline.core.deploy.plan.PlanDiff} compares a
 * rendering with a {@link dev.uniformpipeline.core.deploy.plan.CurrentState} the deployer fills by Describe/GET
 * calls, giving a {@link dev.uniformpipeline.core.deploy.plan.TargetPlan} per target.
 */
package dev.uniformpipeline.core.deploy.plan;
