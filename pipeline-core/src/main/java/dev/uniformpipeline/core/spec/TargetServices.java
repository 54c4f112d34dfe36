package dev.uniformpipeline.core.spec;

import dev.uniformpipeline.core.spec.YNode.YEntry;
import dev.uniformpipeline.core.spec.YNode.YMap;
import dev.uniformpipeline.core.spec.YNode.YSeq;

import java.util.ArrayList;
import java.util.List;

/** Gives every target its effective service: top-level {@code service} deep-merged with the target's. */
final class TargetServices {
    private TargetServices() {
    }

    static YMap mergeInto(YMap doc) {
        YNode service = doc.get("service");
        if (!(doc.get("targets") instanceof YSeq targets) || !(service instanceof YMap)) {
            return doc;
        }
        List<YNode> out = new ArrayList<>();
        for (YNode t : targets.items()) {
            if (t instanceof YMap tm) {
                YEntry own = tm.entries().get("service");
                YNode merged = Merger.merge(service, own == null ? null : own.value(), "service");
                out.add(tm.with("service", new YEntry(own != null ? own.keyOrigin() : tm.origin(), merged)));
            } else {
                out.add(t);
            }
        }
        YEntry e = doc.entries().get("targets");
        return doc.with("targets", new YEntry(e.keyOrigin(), new YSeq(out, targets.origin())));
    }
}
