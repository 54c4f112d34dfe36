package dev.uniformpipeline.core.build;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * One image layer: a name (for events and the result) and its files, sorted by container path.
 *
 * @param name    layer name ("dependencies", "classes", "node_modules")
 * @param entries the files; directories are implied by their files
 */
public record LayerSpec(String name, List<Entry> entries) {
    public LayerSpec {
        Objects.requireNonNull(name, "name");
        entries = entries.stream().sorted(Comparator.comparing(Entry::target)).toList();
    }

    /**
     * One file in a layer.
     *
     * @param source     the file on disk (a regular file; symlinks were resolved and checked by {@link SourceTree})
     * @param target     absolute path in the image ({@code /app/classes/Main.class})
     * @param executable whether the file gets mode 755 (else 644)
     */
    public record Entry(Path source, String target, boolean executable) {
        public Entry {
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(target, "target");
            if (!target.startsWith("/")) {
                throw new IllegalArgumentException("layer target must be absolute: " + target);
            }
        }
    }
}
