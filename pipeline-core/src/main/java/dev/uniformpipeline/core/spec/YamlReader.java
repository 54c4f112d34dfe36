package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.YNode.Kind;
import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YScalar;
import dev.uniformpipeline.core.spec.YNode.YSeq;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one YAML file safely into a {@link YNode} tree: size checked before parsing, SnakeYAML composes
 * nodes only (no object construction, no custom tags), alias/nesting/code-point limits, duplicate keys and
 * recursive aliases rejected. Problems go to the sink; the result is null when the file is unusable.
 */
final class YamlReader {
    private static final Resolver RESOLVER = new Resolver();

    private final LoadLimits limits;
    private final ProblemSink sink;

    YamlReader(LoadLimits limits, ProblemSink sink) {
        this.limits = limits;
        this.sink = sink;
    }

    /** Reads a file; {@code display} is how the file is named in messages. */
    YNode readFile(Path file, String display, Origin includedFrom, String includePath) {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            sink.add(includedFrom == null ? new Origin(display, 0, 0) : includedFrom, includePath,
                    "file '" + display + "' does not exist", "check the path; it is relative to the file that names it");
            return null;
        } catch (IOException e) {
            sink.add(new Origin(display, 0, 0), "", "cannot read the file: " + e.getMessage());
            return null;
        }
        if (size > limits.maxFileBytes()) {
            sink.add(new Origin(display, 0, 0), "", "the file is " + size + " bytes; pipeline files and templates"
                    + " may be at most " + limits.maxFileBytes() + " bytes", "is this the right file?");
            return null;
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) limits.maxFileBytes() + 1);
        } catch (IOException e) {
            sink.add(new Origin(display, 0, 0), "", "cannot read the file: " + e.getMessage());
            return null;
        }
        if (bytes.length > limits.maxFileBytes()) {
            sink.add(new Origin(display, 0, 0), "", "the file is larger than " + limits.maxFileBytes() + " bytes",
                    "is this the right file?");
            return null;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            sink.add(new Origin(display, 0, 0), "", "the file is not valid UTF-8", "save it as UTF-8");
            return null;
        }
        return readString(text, display);
    }

    /** Reads YAML text. */
    YNode readString(String text, String display) {
        if (text.length() > limits.maxFileBytes()) {
            sink.add(new Origin(display, 0, 0), "", "the document has " + text.length() + " characters; pipeline"
                    + " files and templates may be at most " + limits.maxFileBytes(), "is this the right file?");
            return null;
        }
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(limits.maxAliases());
        options.setAllowRecursiveKeys(false);
        options.setNestingDepthLimit(limits.maxNestingDepth());
        options.setCodePointLimit((int) Math.min(Integer.MAX_VALUE, limits.maxFileBytes() + 16));
        options.setMergeOnCompose(false);
        options.setProcessComments(false);
        options.setTagInspector(tag -> false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            String context = e.getContext() != null ? e.getContext() + ": " : "";
            if (what != null && what.startsWith("Global tag is not allowed")) {
                sink.add(at(display, m), "", "YAML tag '" + what.substring(what.indexOf(':') + 1).trim()
                        .replace("tag:yaml.org,2002:", "!!") + "' is not allowed", "remove the tag; pipeline files use plain YAML values");
                return null;
            }
            sink.add(at(display, m), "", "not valid YAML: " + context + what, syntaxHint(what));
            return null;
        } catch (YAMLException e) {
            sink.add(new Origin(display, 0, 0), "", limitMessage(e.getMessage()), limitHint(e.getMessage()));
            return null;
        } catch (RuntimeException e) {
            sink.add(new Origin(display, 0, 0), "", "not valid YAML: " + e.getMessage());
            return null;
        }
        if (root == null) {
            return new YMap(Map.of(), new Origin(display, 1, 1));
        }
        Converter c = new Converter(display);
        YNode tree = c.convert(root, "");
        return c.tooLarge ? null : tree;
    }

    private static String syntaxHint(String what) {
        if (what != null && what.contains("found character '\\t'")) {
            return "indent with spaces, not tabs";
        }
        if (what != null && what.contains("mapping values are not allowed here")) {
            return "quote the value: a ':' followed by a space or the line end starts a map";
        }
        return "";
    }

    private String limitMessage(String message) {
        String m = message == null ? "" : message;
        if (m.contains("aliases")) {
            return "the document uses more than " + limits.maxAliases() + " aliases to lists or maps; refused"
                    + " (alias bombs expand to huge documents)";
        }
        if (m.contains("Nesting Depth")) {
            return "the document is nested deeper than " + limits.maxNestingDepth() + " levels; refused";
        }
        if (m.contains("code points")) {
            return "the document exceeds " + limits.maxFileBytes() + " characters; refused";
        }
        return "not valid YAML: " + m;
    }

    private static String limitHint(String message) {
        String m = message == null ? "" : message;
        if (m.contains("aliases")) {
            return "use extends and profiles to share settings instead of anchors";
        }
        return "";
    }

    private static Origin at(String display, Mark mark) {
        if (mark == null) {
            return new Origin(display, 0, 0);
        }
        return new Origin(display, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private final class Converter {
        private final String display;
        private final IdentityHashMap<Node, Boolean> onPath = new IdentityHashMap<>();
        private int count;
        private boolean tooLarge;

        Converter(String display) {
            this.display = display;
        }

        YNode convert(Node node, String path) {
            Origin origin = at(display, node.getStartMark());
            if (++count > limits.maxNodes()) {
                if (!tooLarge) {
                    tooLarge = true;
                    sink.add(new Origin(display, 0, 0), "", "the document expands to more than " + limits.maxNodes()
                            + " values; refused", "use extends and profiles to share settings instead of anchors");
                }
                return new YScalar("", Kind.NULL, true, origin);
            }
            if (tooLarge) {
                return new YScalar("", Kind.NULL, true, origin);
            }
            if (onPath.containsKey(node)) {
                sink.add(origin, path, "a recursive alias (a list or map that contains itself) is not allowed");
                return new YScalar("", Kind.NULL, true, origin);
            }
            onPath.put(node, Boolean.TRUE);
            try {
                return switch (node.getNodeId()) {
                    case scalar -> scalar((ScalarNode) node, origin, path);
                    case sequence -> sequence((SequenceNode) node, origin, path);
                    case mapping -> mapping((MappingNode) node, origin, path);
                    default -> new YScalar("", Kind.NULL, true, origin);
                };
            } finally {
                onPath.remove(node);
            }
        }

        private YNode scalar(ScalarNode node, Origin origin, String path) {
            Tag tag = node.getTag();
            Tag implicit = node.isPlain() ? RESOLVER.resolve(NodeId.scalar, node.getValue(), true) : Tag.STR;
            if (!tag.equals(implicit) && !(tag.equals(Tag.STR))) {
                sink.add(origin, path, "YAML tag '" + tag.getValue() + "' is not allowed",
                        "remove the tag; pipeline files use plain YAML values");
                return new YScalar(node.getValue(), Kind.STR, false, origin);
            }
            return new YScalar(node.getValue(), kindOf(tag), node.isPlain(), origin);
        }

        private YNode sequence(SequenceNode node, Origin origin, String path) {
            if (!node.getTag().equals(Tag.SEQ)) {
                sink.add(origin, path, "YAML tag '" + node.getTag().getValue() + "' is not allowed", "remove the tag");
            }
            List<YNode> items = new ArrayList<>();
            int i = 0;
            for (Node item : node.getValue()) {
                items.add(convert(item, path + "[" + i++ + "]"));
            }
            return new YSeq(items, origin);
        }

        private YNode mapping(MappingNode node, Origin origin, String path) {
            if (!node.getTag().equals(Tag.MAP)) {
                sink.add(origin, path, "YAML tag '" + node.getTag().getValue() + "' is not allowed", "remove the tag");
            }
            Map<String, YEntry> entries = new LinkedHashMap<>();
            for (NodeTuple t : node.getValue()) {
                Node k = t.getKeyNode();
                Origin ko = at(display, k.getStartMark());
                if (!(k instanceof ScalarNode sk)) {
                    sink.add(ko, path, "a map key must be a plain string, not a list or map");
                    continue;
                }
                String key = sk.getValue();
                String childPath = path.isEmpty() ? key : path + "." + key;
                if (k.getTag().equals(Tag.MERGE)) {
                    sink.add(ko, path, "YAML merge keys ('<<') are not supported",
                            "use extends or profiles to share settings");
                    continue;
                }
                YEntry previous = entries.get(key);
                if (previous != null) {
                    sink.add(ko, childPath, "duplicate key '" + key + "' (first written at line "
                            + previous.keyOrigin().line() + ")", "remove one of them; YAML keeps only one");
                    continue;
                }
                entries.put(key, new YEntry(ko, convert(t.getValueNode(), childPath)));
            }
            return new YMap(entries, origin);
        }
    }

    static Kind kindOf(Tag tag) {
        if (tag.equals(Tag.INT)) {
            return Kind.INT;
        }
        if (tag.equals(Tag.FLOAT)) {
            return Kind.FLOAT;
        }
        if (tag.equals(Tag.BOOL)) {
            return Kind.BOOL;
        }
        if (tag.equals(Tag.NULL)) {
            return Kind.NULL;
        }
        return Kind.STR;
    }

    /** The implicit kind of a plain scalar's text (after variable substitution, or for --set values). */
    static Kind implicitKind(String text) {
        return kindOf(RESOLVER.resolve(NodeId.scalar, text, true));
    }
}
