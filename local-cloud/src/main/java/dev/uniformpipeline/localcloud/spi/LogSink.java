package dev.uniformpipeline.localcloud.spi;

import java.time.Instant;

/** CloudWatch Logs as seen by tasks that use the awslogs driver. */
public interface LogSink {
    boolean groupExists(String accountId, String region, String group);

    void createGroup(String accountId, String region, String group);

    /** Appends one event, creating the stream if needed (the group must exist). */
    void put(String accountId, String region, String group, String stream, Instant timestamp, String message);
}
