package dev.uniformpipeline.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.uniformpipeline.localcloud.spi.StatefulService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Saves and restores every {@link StatefulService} as {@code <state-dir>/<stateName>.json}. */
final class StateStore {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Path dir;

    StateStore(Path dir) {
        this.dir = dir;
    }

    private static final String CLOCK_FILE = "clock.json";

    /** The cloud time saved last, if any (a fast clock must not jump back when local-cloud restarts). */
    java.util.Optional<java.time.Instant> savedClock() {
        Path file = dir.resolve(CLOCK_FILE);
        if (!Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(java.time.Instant.parse(MAPPER.readTree(file.toFile()).path("now").asText()));
        } catch (IOException | java.time.format.DateTimeParseException e) {
            throw new IllegalStateException("local-cloud state file " + file + " is not readable (" + e.getMessage()
                    + "). Fix or delete it.", e);
        }
    }

    void restore(List<StatefulService> services) {
        for (StatefulService s : services) {
            Path file = file(s);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode snapshot;
            try {
                snapshot = MAPPER.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalStateException("local-cloud state file " + file + " is not readable JSON ("
                        + e.getMessage() + "). Fix or delete it to start with an empty " + s.stateName() + ".", e);
            }
            s.restore(snapshot);
        }
    }

    synchronized void save(List<StatefulService> services, java.time.Instant cloudNow) {
        try {
            Files.createDirectories(dir);
            write(dir.resolve(CLOCK_FILE), MAPPER.createObjectNode().put("now", cloudNow.toString()));
            for (StatefulService s : services) {
                write(file(s), s.snapshot());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not save local-cloud state under " + dir, e);
        }
    }

    private static void write(Path file, JsonNode content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), content);
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path file(StatefulService s) {
        return dir.resolve(s.stateName() + ".json");
    }
}
