package dev.uniformpipeline.localcloud.spi;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** EventBridge as seen by ECS: puts an event on the account's default bus (envelope built by EventBridge). */
public interface EventPublisher {
    void publish(String accountId, String region, String source, String detailType, List<String> resources,
            JsonNode detail);
}
