package dev.uniformpipeline.core.deploy;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The rendering of the intent for one target.
 *
 * @param target    target name
 * @param type      target type
 * @param resources the desired objects, for {@code pipeline plan}
 * @param documents document name (e.g. {@code ecs/register-task-definition.json}, {@code k8s/deployment.yaml})
 *                  to text, sorted by name, for {@code pipeline render}; ECS and ELB documents are JSON in the
 *                  AWS API's member names (usable with {@code aws ... --cli-input-json}), Kubernetes ones YAML
 */
public record RenderedTarget(String target, TargetType type, List<RenderedResource> resources,
                             SortedMap<String, String> documents) {
    public RenderedTarget {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(type, "type");
        resources = List.copyOf(resources);
        documents = Collections.unmodifiableSortedMap(new TreeMap<>(documents));
    }

    /** The desired object with this kind, if exactly one is rendered. */
    public Optional<RenderedResource> resource(String kind) {
        List<RenderedResource> found = resources.stream().filter(r -> r.ref().kind().equals(kind)).toList();
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** One document's text; throws when it was not rendered. */
    public String document(String name) {
        String text = documents.get(name);
        if (text == null) {
            throw new IllegalArgumentException("no document '" + name + "' for target " + target + "; have " + documents.keySet());
        }
        return text;
    }

    /** All documents joined, each preceded by a {@code # <name>} line: what {@code pipeline render} prints. */
    public String joined() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : documents.entrySet()) {
            sb.append("# ").append(target).append(": ").append(e.getKey()).append('\n').append(e.getValue());
            if (!e.getValue().endsWith("\n")) {
                sb.append('\n');
            }
        }
        return sb.toString();
    }
}
