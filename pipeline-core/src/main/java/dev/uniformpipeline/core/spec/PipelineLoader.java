package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.spec.YNode.Kind;
import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YScalar;
import dev.uniformpipeline.core.spec.YNode.YSeq;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Loads a pipeline file: reads it safely, follows {@code extends}, applies the chosen profile and
 * {@code --set} overrides, substitutes {@code ${env.*}}, binds the v1 model and validates it. Every problem
 * of the file is reported together in one {@link InvalidPipelineException}.
 *
 * <pre>{@code
 * LoadedPipeline p = PipelineLoader.builder()
 *         .file(Path.of("pipeline.yml"))
 *         .profile("prod")
 *         .set("service.replicas=3")
 *         .environment(System.getenv())
 *         .build()
 *         .load();
 * ResolvedPipeline r = p.resolve(new GitInfo(sha, "main", null));
 * }</pre>
 */
public final class PipelineLoader {
    private final Path file;
    private final String contentName;
    private final String content;
    private final Path workingDir;
    private final String profile;
    private final List<String> sets;
    private final Map<String, String> environment;
    private final LoadLimits limits;

    private PipelineLoader(Builder b) {
        this.file = b.file;
        this.contentName = b.contentName;
        this.content = b.content;
        this.workingDir = b.workingDir != null ? b.workingDir.toAbsolutePath().normalize()
                : Path.of("").toAbsolutePath();
        this.profile = b.profile;
        this.sets = List.copyOf(b.sets);
        this.environment = Map.copyOf(b.environment);
        this.limits = b.limits;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Loads, merges, binds and validates.
     *
     * @return the loaded pipeline; {@code ${git.*}} and {@code ${target.*}} are still unresolved
     * @throws InvalidPipelineException with every problem found, each naming file:line:column, the field
     *                                  path, what was expected and the fix
     */
    public LoadedPipeline load() throws InvalidPipelineException {
        ProblemSink sink = new ProblemSink();
        YamlReader reader = new YamlReader(limits, sink);
        List<String> files = new ArrayList<>();
        YNode root;
        Path dir;
        if (file != null) {
            Path abs = workingDir.resolve(file).normalize();
            String display = display(abs);
            files.add(display);
            root = reader.readFile(abs, display, null, "");
            dir = abs.getParent();
        } else {
            files.add(contentName);
            root = reader.readString(content, contentName);
            dir = workingDir;
        }
        sink.throwIfAny();
        if (!(root instanceof YMap rootMap)) {
            sink.add(root.origin(), "", "a pipeline file is a map of sections, got " + root.describe(),
                    "start with 'apiVersion: " + PipelineSpec.API_VERSION + "'");
            throw new InvalidPipelineException(sink.sorted());
        }
        List<Path> chain = new ArrayList<>();
        if (file != null) {
            chain.add(workingDir.resolve(file).normalize());
        }
        YMap merged = followExtends(rootMap, dir, chain, files, reader, sink);
        sink.throwIfAny();

        List<String> profileNames = merged.get("profiles") instanceof YMap pm
                ? List.copyOf(pm.entries().keySet()) : List.of();
        YMap doc = applyProfile(merged, sink);
        YNode withSets = doc;
        for (String s : sets) {
            withSets = SetOverride.apply(withSets, s, sink, limits);
        }
        doc = (YMap) withSets;
        checkHeader(doc, files.get(0), sink);
        Interpolator interpolator = new Interpolator(sink);
        doc = (YMap) interpolator.apply(doc, "", Interpolator.loadPhase(environment));
        doc = TargetServices.mergeInto(doc);

        Map<String, Origin> origins = new LinkedHashMap<>();
        origins.put("", doc.origin());
        PipelineSpec spec = new Binder(sink, origins).bindRecord(PipelineSpec.class, doc, "", doc.origin());
        if (spec != null) {
            new Validator(sink, origins, false).validate(spec);
        }
        sink.throwIfAny();
        return new LoadedPipeline(spec, doc, origins, List.copyOf(files), profile, profileNames);
    }

    private String display(Path abs) {
        if (abs.startsWith(workingDir)) {
            return workingDir.relativize(abs).toString();
        }
        return abs.toString();
    }

    private YMap followExtends(YMap doc, Path dir, List<Path> chain, List<String> files, YamlReader reader,
            ProblemSink sink) {
        YEntry ext = doc.entries().get("extends");
        if (ext == null) {
            return doc;
        }
        YMap rest = doc.without("extends");
        if (!(ext.value() instanceof YScalar s) || s.kind() == Kind.NULL || s.text().isBlank()) {
            sink.add(ext.value().origin(), "extends", "expected the path of a template file, got "
                    + ext.value().describe(), "write extends: templates/java-service.yaml");
            return rest;
        }
        if (s.text().contains("://")) {
            sink.add(s.origin(), "extends", "extends takes a file path, not a URL ('" + s.text() + "')",
                    "vendor the template into the repository and write its relative path");
            return rest;
        }
        Path template = dir.resolve(s.text()).normalize();
        String display = display(template);
        if (chain.contains(template)) {
            List<String> names = new ArrayList<>();
            for (Path p : chain.subList(chain.indexOf(template), chain.size())) {
                names.add(display(p));
            }
            names.add(display);
            sink.add(s.origin(), "extends", "extends cycle: " + String.join(" -> ", names),
                    "remove one of the extends so the chain ends in a template without extends");
            return rest;
        }
        if (chain.size() > limits.maxExtendsDepth()) {
            sink.add(s.origin(), "extends", "extends chain is longer than " + limits.maxExtendsDepth() + " files",
                    "flatten the templates");
            return rest;
        }
        files.add(display);
        YNode base = reader.readFile(template, display, s.origin(), "extends");
        if (base == null) {
            return rest;
        }
        if (!(base instanceof YMap baseMap)) {
            sink.add(base.origin(), "", "a template is a map of sections, got " + base.describe());
            return rest;
        }
        List<Path> next = new ArrayList<>(chain);
        next.add(template);
        YMap resolvedBase = followExtends(baseMap, template.getParent(), next, files, reader, sink);
        return (YMap) Merger.merge(resolvedBase, rest, null);
    }

    private YMap applyProfile(YMap doc, ProblemSink sink) {
        YEntry profiles = doc.entries().get("profiles");
        YMap out = doc.without("profiles");
        if (profiles != null && !(profiles.value() instanceof YMap)
                && !(profiles.value() instanceof YScalar ps && ps.kind() == Kind.NULL)) {
            sink.add(profiles.value().origin(), "profiles", "expected a map of profile name to overlay, got "
                    + profiles.value().describe(), "");
            return out;
        }
        Map<String, YEntry> available = profiles != null && profiles.value() instanceof YMap pm
                ? pm.entries() : Map.of();
        for (Map.Entry<String, YEntry> e : available.entrySet()) {
            YNode overlay = e.getValue().value();
            String p = "profiles." + e.getKey();
            if (!(overlay instanceof YMap om)) {
                sink.add(overlay.origin(), p, "a profile is a map of sections to overlay, got " + overlay.describe());
                continue;
            }
            for (String forbidden : List.of("extends", "profiles", "apiVersion", "kind")) {
                YEntry f = om.entries().get(forbidden);
                if (f != null) {
                    sink.add(f.keyOrigin(), p + "." + forbidden, "'" + forbidden + "' cannot be set in a profile",
                            "set it at the top level of the file");
                }
            }
        }
        if (profile == null) {
            return out;
        }
        YEntry chosen = available.get(profile);
        if (chosen == null) {
            Origin where = profiles != null ? profiles.keyOrigin() : doc.origin();
            sink.add(where, "profiles", "profile '" + profile + "' is not defined",
                    available.isEmpty() ? "define it under 'profiles:' or run without a profile"
                            : Suggest.nearest(profile, available.keySet()) != null
                                    ? "did you mean '" + Suggest.nearest(profile, available.keySet()) + "'?"
                                    : "profiles are: " + String.join(", ", available.keySet()));
            return out;
        }
        if (!(chosen.value() instanceof YMap overlay)) {
            return out;
        }
        YMap clean = overlay;
        for (String forbidden : List.of("extends", "profiles", "apiVersion", "kind")) {
            clean = clean.without(forbidden);
        }
        return (YMap) Merger.merge(out, clean, null);
    }

    private static void checkHeader(YMap doc, String display, ProblemSink sink) {
        YNode api = doc.get("apiVersion");
        if (api instanceof YScalar s && s.kind() != Kind.NULL && !PipelineSpec.API_VERSION.equals(s.text())) {
            sink.add(s.origin(), "apiVersion", "unsupported apiVersion '" + s.text() + "'",
                    "this version reads apiVersion: " + PipelineSpec.API_VERSION);
        }
        YNode kind = doc.get("kind");
        if (kind instanceof YScalar s && s.kind() != Kind.NULL && !PipelineSpec.KIND.equals(s.text())) {
            sink.add(s.origin(), "kind", "unsupported kind '" + s.text() + "'", "write kind: " + PipelineSpec.KIND);
        }
        if (doc.get("targets") instanceof YSeq seq && seq.items().isEmpty()) {
            sink.add(seq.origin(), "targets", "at least one target is needed", "add a target of type fargate,"
                    + " ecs-ec2 or eks");
        }
    }

    /** Builds a {@link PipelineLoader}. */
    public static final class Builder {
        private Path file;
        private String contentName;
        private String content;
        private Path workingDir;
        private String profile;
        private final List<String> sets = new ArrayList<>();
        private Map<String, String> environment = Map.of();
        private LoadLimits limits = LoadLimits.defaults();

        private Builder() {
        }

        /** The pipeline file, absolute or relative to {@link #workingDir(Path)}. */
        public Builder file(Path file) {
            this.file = Objects.requireNonNull(file);
            this.content = null;
            return this;
        }

        /**
         * Pipeline text instead of a file (stdin, tests); {@code extends} is then relative to the working dir.
         *
         * @param displayName how messages name the text, e.g. {@code <stdin>}
         */
        public Builder content(String displayName, String yaml) {
            this.contentName = Objects.requireNonNull(displayName);
            this.content = Objects.requireNonNull(yaml);
            this.file = null;
            return this;
        }

        /** Directory relative paths and message file names are based on; default the process's. */
        public Builder workingDir(Path dir) {
            this.workingDir = dir;
            return this;
        }

        /** The profile (environment overlay) to apply, or null for none. */
        public Builder profile(String name) {
            this.profile = name;
            return this;
        }

        /** A {@code key.path=value} override, applied after the profile, in call order. */
        public Builder set(String expression) {
            sets.add(Objects.requireNonNull(expression));
            return this;
        }

        /** A {@code --set} override from its two halves. */
        public Builder set(String keyPath, String value) {
            return set(keyPath + "=" + value);
        }

        /** Environment variables for {@code ${env.NAME}} (e.g. {@code System.getenv()}); default none. */
        public Builder environment(Map<String, String> env) {
            this.environment = Map.copyOf(env);
            return this;
        }

        /** Safety limits; default {@link LoadLimits#defaults()}. */
        public Builder limits(LoadLimits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** The loader. */
        public PipelineLoader build() {
            if (file == null && content == null) {
                throw new IllegalStateException("set file(...) or content(...)");
            }
            return new PipelineLoader(this);
        }
    }
}
