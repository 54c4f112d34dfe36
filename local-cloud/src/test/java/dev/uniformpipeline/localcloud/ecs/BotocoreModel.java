package dev.uniformpipeline.localcloud.ecs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * AWS's own API model of a service, as shipped by Debian's python3-botocore, used to check that local-cloud's
 * answers have the members, types and enum values AWS defines.
 */
final class BotocoreModel {
    private static final List<Path> ROOTS = List.of(Path.of("/usr/lib/python3/dist-packages/botocore/data"),
            Path.of("/usr/share/python3/dist-packages/botocore/data"));
    private final JsonNode model;

    private BotocoreModel(JsonNode model) {
        this.model = model;
    }

    /** Loads {@code <service>/<version>/service-2.json}; fails with the fix if python3-botocore is missing. */
    static BotocoreModel load(String service, String version) throws IOException {
        for (Path root : ROOTS) {
            Path p = root.resolve(service).resolve(version).resolve("service-2.json");
            if (Files.isRegularFile(p)) {
                return new BotocoreModel(new ObjectMapper().readTree(p.toFile()));
            }
        }
        throw new AssertionError("AWS API model " + service + "/" + version + "/service-2.json not found under "
                + ROOTS + ": install the Debian package python3-botocore (apt-get install -y python3-botocore)");
    }

    String outputShape(String operation) {
        return model.at("/operations/" + operation + "/output/shape").asText();
    }

    Set<String> errors(String operation) {
        Set<String> out = new HashSet<>();
        model.at("/operations/" + operation + "/errors").forEach(e -> out.add(e.path("shape").asText()));
        return out;
    }

    /** Every way {@code value} departs from {@code shape}: unknown members, wrong types, values outside enums. */
    List<String> violations(JsonNode value, String shape) {
        List<String> out = new ArrayList<>();
        check(value, shape, shape, out);
        return out;
    }

    private void check(JsonNode v, String shapeName, String path, List<String> out) {
        JsonNode shape = model.path("shapes").path(shapeName);
        String type = shape.path("type").asText();
        switch (type) {
            case "structure" -> {
                if (!v.isObject()) {
                    out.add(path + ": expected object (" + shapeName + "), got " + v.getNodeType());
                    return;
                }
                JsonNode members = shape.path("members");
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode m = members.get(e.getKey());
                    if (m == null) {
                        out.add(path + "." + e.getKey() + ": not a member of " + shapeName);
                    } else if (!e.getValue().isNull()) {
                        check(e.getValue(), m.path("shape").asText(), path + "." + e.getKey(), out);
                    }
                }
                for (JsonNode r : shape.path("required")) {
                    if (!v.has(r.asText())) {
                        out.add(path + ": required member " + r.asText() + " missing");
                    }
                }
            }
            case "list" -> {
                if (!v.isArray()) {
                    out.add(path + ": expected list, got " + v.getNodeType());
                    return;
                }
                String member = shape.at("/member/shape").asText();
                for (int i = 0; i < v.size(); i++) {
                    check(v.get(i), member, path + "[" + i + "]", out);
                }
            }
            case "map" -> {
                if (!v.isObject()) {
                    out.add(path + ": expected map, got " + v.getNodeType());
                    return;
                }
                String value = shape.at("/value/shape").asText();
                v.fields().forEachRemaining(e -> check(e.getValue(), value, path + "{" + e.getKey() + "}", out));
            }
            case "string" -> {
                if (!v.isTextual()) {
                    out.add(path + ": expected string, got " + v);
                } else if (shape.has("enum")) {
                    boolean ok = false;
                    for (JsonNode e : shape.path("enum")) {
                        ok |= e.asText().equals(v.asText());
                    }
                    if (!ok) {
                        out.add(path + ": '" + v.asText() + "' is not in enum " + shapeName + " " + shape.path("enum"));
                    }
                }
            }
            case "integer", "long" -> {
                if (!v.isIntegralNumber()) {
                    out.add(path + ": expected integer, got " + v);
                }
            }
            case "boolean" -> {
                if (!v.isBoolean()) {
                    out.add(path + ": expected boolean, got " + v);
                }
            }
            case "double", "float" -> {
                if (!v.isNumber()) {
                    out.add(path + ": expected number, got " + v);
                }
            }
            case "timestamp" -> {
                if (!v.isNumber()) {
                    out.add(path + ": timestamps are epoch-second numbers in JSON, got " + v);
                }
            }
            default -> {
            }
        }
    }
}
