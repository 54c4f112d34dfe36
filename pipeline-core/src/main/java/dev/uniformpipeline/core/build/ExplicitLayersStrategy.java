package dev.uniformpipeline.core.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code build.layers}: the user lists the layers; nothing is run. Default base: scratch. */
final class ExplicitLayersStrategy implements BuildStrategy {
    @Override
    public String name() {
        return "layers";
    }

    @Override
    public boolean detect(BuildContext context) {
        return !context.request().layers().isEmpty();
    }

    @Override
    public BuildPlan plan(BuildContext context) throws BuildException {
        if (context.request().layers().isEmpty()) {
            throw new BuildException(BuildException.Reason.INVALID_REQUEST, "build.layers: builder 'layers' needs at"
                    + " least one layer ({name, from, to})");
        }
        List<LayerSpec> layers = new ArrayList<>();
        for (BuildRequest.ExplicitLayer l : context.request().layers()) {
            layers.add(new LayerSpec(l.name(), context.tree().entries(l.from(), l.to(), Excludes.standard())));
        }
        return new BuildPlan(name(), layers, List.of(), List.of(), Map.of(), "", 0, "scratch");
    }
}
