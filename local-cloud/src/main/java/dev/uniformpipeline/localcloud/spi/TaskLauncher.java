package dev.uniformpipeline.localcloud.spi;

import com.fasterxml.jackson.databind.JsonNode;

/** ECS as seen by EventBridge rule targets: RunTask with a RunTask-shaped request; returns the RunTask response. */
public interface TaskLauncher {
    JsonNode runTask(RequestContext ctx, JsonNode runTaskRequest) throws AwsException;
}
