package dev.uniformpipeline.localcloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.uniformpipeline.localcloud.spi.EventPublisher;
import dev.uniformpipeline.localcloud.spi.ImageResolver;
import dev.uniformpipeline.localcloud.spi.LogSink;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Small fakes of the services ECS depends on. */
final class Fakes {
    private Fakes() {
    }

    static final class Images implements ImageResolver {
        final Map<String, ResolvedImage> images = new ConcurrentHashMap<>();

        /** Adds an image whose labels say how the simulated container behaves. */
        String add(String ref, Map<String, String> labels) {
            String digest = "sha256:" + Integer.toHexString(ref.hashCode()) + "0".repeat(56);
            images.put(ref, new ResolvedImage(digest, "127.0.0.1:5000/" + ref, labels, List.of(), List.of(),
                    List.of(), List.of(8080)));
            return ref;
        }

        @Override
        public Optional<ResolvedImage> resolve(String imageReference) {
            return Optional.ofNullable(images.get(imageReference));
        }
    }

    record LogEvent(String group, String stream, String message) {
    }

    static final class Logs implements LogSink {
        final Set<String> groups = ConcurrentHashMap.newKeySet();
        final List<LogEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public boolean groupExists(String accountId, String region, String group) {
            return groups.contains(group);
        }

        @Override
        public void createGroup(String accountId, String region, String group) {
            groups.add(group);
        }

        @Override
        public void put(String accountId, String region, String group, String stream, Instant timestamp,
                String message) {
            if (!groups.contains(group)) {
                throw new IllegalStateException("ResourceNotFoundException: The specified log group does not exist.");
            }
            events.add(new LogEvent(group, stream, message));
        }
    }

    record Event(String source, String detailType, List<String> resources, JsonNode detail) {
    }

    static final class Events implements EventPublisher {
        final List<Event> events = new CopyOnWriteArrayList<>();

        @Override
        public void publish(String accountId, String region, String source, String detailType, List<String> resources,
                JsonNode detail) {
            events.add(new Event(source, detailType, resources, detail));
        }

        List<JsonNode> details(String detailType) {
            return events.stream().filter(e -> e.detailType().equals(detailType)).map(Event::detail).toList();
        }
    }
}
