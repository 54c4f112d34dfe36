package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.api.InvalidPipelineException;
import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YScalar;
import dev.uniformpipeline.core.spec.YNode.YSeq;
import dev.uniformpipeline.core.spec.v1.PipelineSpec;
import dev.uniformpipeline.core.spec.v1.TargetSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A pipeline file that loaded without problems: merged ({@code extends}, profile, {@code --set}),
 * {@code ${env.*}} substituted, bound and validated. {@code ${git.*}} and {@code ${target.*}} are still
 * placeholders: call {@link #resolve(GitInfo)} after the checkout.
 */
public final class LoadedPipeline {
    private final PipelineSpec spec;
    private final YMap tree;
    private final Map<String, Origin> origins;
    private final List<String> files;
    private final String profile;
    private final List<String> profiles;

    LoadedPipeline(PipelineSpec spec, YMap tree, Map<String, Origin> origins, List<String> files, String profile,
            List<String> profiles) {
        this.spec = spec;
        this.tree = tree;
        this.origins = Map.copyOf(origins);
        this.files = files;
        this.profile = profile;
        this.profiles = profiles;
    }

    /** The model, with {@code ${git.*}} / {@code ${target.*}} placeholders left in text fields. */
    public PipelineSpec spec() {
        return spec;
    }

    /** The files read, the pipeline file first, then each template of the {@code extends} chain. */
    public List<String> files() {
        return files;
    }

    /** The profiles the file (and its templates) define, in file order. */
    public List<String> profiles() {
        return profiles;
    }

    /** The profile applied, or null. */
    public String profile() {
        return profile;
    }

    /**
     * Where a value came from, by field path (e.g. {@code targets[1].loadBalancer.type}): the file and line
     * of the pipeline file or template, or the {@code --set} expression.
     */
    public Optional<Origin> origin(String fieldPath) {
        return Optional.ofNullable(origins.get(fieldPath));
    }

    /** The merged document with defaults, as YAML ({@code ${git.*}} / {@code ${target.*}} unresolved). */
    public String dump() {
        return SpecDumper.dump(spec);
    }

    /**
     * Substitutes {@code ${git.*}} everywhere and {@code ${target.*}} in each target, then validates again
     * (tags, ARNs and names are checked on the final values).
     *
     * @throws InvalidPipelineException e.g. {@code ${git.tag}} with no tag on the commit, or a resolved
     *                                  value that is invalid
     */
    public ResolvedPipeline resolve(GitInfo git) throws InvalidPipelineException {
        ProblemSink sink = new ProblemSink();
        Interpolator in = new Interpolator(sink);
        YMap doc = (YMap) in.apply(tree, "", Interpolator.gitPhase(git));
        doc = dropRepeatedVariableTags(tree, doc);
        if (doc.get("targets") instanceof YSeq targets) {
            List<YNode> out = new ArrayList<>();
            for (int i = 0; i < targets.items().size(); i++) {
                YNode t = targets.items().get(i);
                TargetSpec bound = i < spec.targets().size() ? spec.targets().get(i) : null;
                out.add(in.apply(t, "targets[" + i + "]", Interpolator.targetPhase(k -> targetValue(bound, k))));
            }
            YEntry e = doc.entries().get("targets");
            doc = doc.with("targets", new YEntry(e.keyOrigin(), new YSeq(out, targets.origin())));
        }
        doc = (YMap) in.unescape(doc);
        sink.throwIfAny();
        Map<String, Origin> o = new LinkedHashMap<>();
        o.put("", doc.origin());
        PipelineSpec resolved = new Binder(sink, o,
                d -> in.unescape(in.apply(d, "", Interpolator.gitPhase(git))))
                .bindRecord(PipelineSpec.class, doc, "", doc.origin());
        if (resolved != null) {
            new Validator(sink, o, true).validate(resolved);
        }
        sink.throwIfAny();
        List<ResolvedTarget> rts = new ArrayList<>();
        for (TargetSpec t : resolved.targets()) {
            rts.add(new ResolvedTarget(resolved.name(), resolved.image(), resolved.rollout(), t));
        }
        return new ResolvedPipeline(resolved, rts, SpecDumper.dump(resolved));
    }

    /**
     * Two different tag variables may give the same value ({@code ${git.branch}} and {@code ${git.branchSlug}} on
     * {@code main}; {@code ${git.semver}} and {@code ${git.semverMajor}} on a pre-release): the later one is dropped
     * rather than pushed twice. Tags written the same way twice stay and are reported as listed twice.
     */
    private static YMap dropRepeatedVariableTags(YMap written, YMap doc) {
        if (!(written.get("image") instanceof YMap wImage) || !(wImage.get("tags") instanceof YSeq wTags)
                || !(doc.get("image") instanceof YMap image) || !(image.get("tags") instanceof YSeq tags)
                || wTags.items().size() != tags.items().size()) {
            return doc;
        }
        Map<String, String> firstWrittenAs = new LinkedHashMap<>();
        List<YNode> kept = new ArrayList<>();
        for (int i = 0; i < tags.items().size(); i++) {
            YNode t = tags.items().get(i);
            if (t instanceof YScalar value && wTags.items().get(i) instanceof YScalar w) {
                String before = firstWrittenAs.putIfAbsent(value.text(), w.text());
                if (before != null && !before.equals(w.text()) && w.text().contains("${")) {
                    continue;
                }
            }
            kept.add(t);
        }
        if (kept.size() == tags.items().size()) {
            return doc;
        }
        YEntry te = image.entries().get("tags");
        YMap newImage = image.with("tags", new YEntry(te.keyOrigin(), new YSeq(kept, tags.origin())));
        YEntry ie = doc.entries().get("image");
        return doc.with("image", new YEntry(ie.keyOrigin(), newImage));
    }

    private static String targetValue(TargetSpec t, String key) {
        if (t == null) {
            return null;
        }
        return switch (key) {
            case "name" -> t.name();
            case "type" -> t.type() == null ? null : t.type().yaml();
            case "region" -> t.region();
            case "account" -> t.account();
            case "cluster" -> t.cluster();
            case "namespace" -> t.namespace() != null ? t.namespace() : "default";
            default -> null;
        };
    }
}
