package dev.uniformpipeline.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * An OCI image index over per-platform manifests, serialized the same way every time (fixed key order, no
 * whitespace, entries in platform order), so the same per-platform images always give the same index digest.
 *
 * @param manifests the per-platform manifests, in the order they are listed
 */
public record ImageIndex(List<Entry> manifests) {
    public static final String MEDIA_TYPE = "application/vnd.oci.image.index.v1+json";

    /**
     * One manifest of the index.
     *
     * @param platform  its platform
     * @param digest    manifest digest
     * @param size      manifest size in bytes
     * @param mediaType manifest media type
     */
    public record Entry(TargetPlatform platform, String digest, long size, String mediaType) {
        public Entry {
            Objects.requireNonNull(platform, "platform");
            Objects.requireNonNull(digest, "digest");
            Objects.requireNonNull(mediaType, "mediaType");
        }
    }

    public ImageIndex {
        manifests = List.copyOf(manifests);
        if (manifests.isEmpty()) {
            throw new IllegalArgumentException("an image index needs at least one manifest");
        }
    }

    /**
     * Writes each platform's image as an OCI tar {@code <dir>/<os>-<arch>.tar} named {@code reference} and returns
     * the index over them (what {@code ImagePusher} will push, so its digest is known before pushing).
     */
    public static ImageIndex write(PlatformImages images, Path dir, String reference) throws BuildException {
        List<Entry> entries = new java.util.ArrayList<>();
        for (PreparedImage image : images.images()) {
            Path tar = dir.resolve(image.platform().slug() + ".tar");
            image.toTar(tar, reference);
            entries.add(entryOf(tar, image.platform()));
        }
        return new ImageIndex(entries);
    }

    /**
     * The index these images had when it was last written from exactly these inputs: every platform's digest is
     * known from its record ({@link PreparedImage#knownDigest()}) and an index over those digests was recorded by
     * {@link #remember} in the request's cache folder. Lets a rerun learn the index digest without writing any image
     * to a tar. Empty without a cache folder or a complete record.
     */
    public static java.util.Optional<ImageIndex> known(PlatformImages images) {
        Path record = indexRecord(images, true);
        if (record == null || !Files.isRegularFile(record)) {
            return java.util.Optional.empty();
        }
        try {
            List<Entry> entries = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.strip().split(" ");
                entries.add(new Entry(TargetPlatform.parse(f[0]), f[1], Long.parseLong(f[2]), f[3]));
            }
            ImageIndex index = new ImageIndex(entries);
            List<TargetPlatform> platforms = images.platforms();
            for (int i = 0; i < platforms.size(); i++) {
                if (entries.size() != platforms.size() || !entries.get(i).platform().equals(platforms.get(i))
                        || !entries.get(i).digest().equals(images.images().get(i).knownDigest().orElse(""))) {
                    return java.util.Optional.empty();
                }
            }
            return java.util.Optional.of(index);
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    /** Records this index for {@link #known} (no-op without a cache folder); each image's digest is recorded too. */
    public void remember(PlatformImages images) {
        for (int i = 0; i < images.images().size() && i < manifests.size(); i++) {
            images.images().get(i).rememberDigest(manifests.get(i).digest());
        }
        Path record = indexRecord(images, false);
        if (record == null) {
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Entry e : manifests) {
            sb.append(e.platform()).append(' ').append(e.digest()).append(' ').append(e.size()).append(' ')
                    .append(e.mediaType()).append('\n');
        }
        try {
            Files.createDirectories(record.getParent());
            Path tmp = Files.createTempFile(record.getParent(), "index", ".tmp");
            Files.writeString(tmp, sb.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, record, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a missing record only costs the next run a tar per platform
        }
    }

    /** {@code <cache>/image-indexes/<sha256 of the platforms and their known digests>}, or null. */
    private static Path indexRecord(PlatformImages images, boolean needKnownDigests) {
        Path cache = images.first().request().cacheDir();
        if (cache == null) {
            return null;
        }
        StringBuilder key = new StringBuilder();
        for (PreparedImage image : images.images()) {
            java.util.Optional<String> d = image.knownDigest();
            if (d.isEmpty()) {
                return null;
            }
            key.append(image.platform()).append(' ').append(d.get()).append('\n');
        }
        return cache.resolve("image-indexes").resolve(sha256(key.toString().getBytes(StandardCharsets.UTF_8))
                .substring("sha256:".length()));
    }

    /** A blob of an image: its digest and size. */
    public record Blob(String digest, long size) { }

    /** The config and layer blobs of the image in an OCI image-layout tar written by jib, config first. */
    public static List<Blob> blobsOf(Path ociTar) throws BuildException {
        try {
            ObjectMapper om = new ObjectMapper();
            String digest = om.readTree(tarEntry(ociTar, "index.json")).path("manifests").path(0).path("digest")
                    .asText("");
            JsonNode m = om.readTree(tarEntry(ociTar, "blobs/sha256/" + digest.substring("sha256:".length())));
            List<Blob> blobs = new java.util.ArrayList<>();
            blobs.add(new Blob(m.path("config").path("digest").asText(), m.path("config").path("size").asLong()));
            m.path("layers").forEach(l -> blobs.add(new Blob(l.path("digest").asText(), l.path("size").asLong())));
            return blobs;
        } catch (IOException | RuntimeException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read the image in " + ociTar + ": "
                    + e.getMessage(), e);
        }
    }

    /** The index JSON, byte for byte what is pushed. */
    public byte[] bytes() {
        StringBuilder sb = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"").append(MEDIA_TYPE)
                .append("\",\"manifests\":[");
        for (int i = 0; i < manifests.size(); i++) {
            Entry e = manifests.get(i);
            sb.append(i == 0 ? "" : ",").append("{\"mediaType\":\"").append(e.mediaType())
                    .append("\",\"digest\":\"").append(e.digest()).append("\",\"size\":").append(e.size())
                    .append(",\"platform\":{\"architecture\":\"").append(e.platform().architecture())
                    .append("\",\"os\":\"").append(e.platform().os()).append('"');
            if (!e.platform().variant().isEmpty()) {
                sb.append(",\"variant\":\"").append(e.platform().variant()).append('"');
            }
            sb.append("}}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** {@code sha256:<hex>} of {@link #bytes()}. */
    public String digest() {
        return sha256(bytes());
    }

    /**
     * The manifest entry of an OCI image-layout tar as jib writes it ({@code index.json} naming one manifest whose
     * blob is in {@code blobs/sha256/}); size and media type are taken from the manifest blob itself.
     */
    public static Entry entryOf(Path ociTar, TargetPlatform platform) throws BuildException {
        try {
            byte[] indexJson = tarEntry(ociTar, "index.json");
            ObjectMapper om = new ObjectMapper();
            String digest = om.readTree(indexJson).path("manifests").path(0).path("digest").asText("");
            if (!digest.startsWith("sha256:")) {
                throw new BuildException(BuildException.Reason.IO, ociTar + ": index.json names no manifest");
            }
            byte[] manifest = tarEntry(ociTar, "blobs/sha256/" + digest.substring("sha256:".length()));
            if (!sha256(manifest).equals(digest)) {
                throw new BuildException(BuildException.Reason.IO, ociTar + ": manifest blob does not match " + digest);
            }
            JsonNode m = om.readTree(manifest);
            return new Entry(platform, digest, manifest.length,
                    m.path("mediaType").asText("application/vnd.oci.image.manifest.v1+json"));
        } catch (IOException e) {
            throw new BuildException(BuildException.Reason.IO, "cannot read " + ociTar + ": " + e.getMessage(), e);
        }
    }

    /** The content of {@code name} in an uncompressed (ustar) tar. */
    static byte[] tarEntry(Path tar, String name) throws IOException, BuildException {
        try (InputStream in = Files.newInputStream(tar)) {
            byte[] header = new byte[512];
            while (in.readNBytes(header, 0, 512) == 512) {
                if (header[0] == 0) {
                    break;
                }
                String entry = field(header, 0, 100);
                String prefix = field(header, 345, 155);
                if (!prefix.isEmpty()) {
                    entry = prefix + "/" + entry;
                }
                long size = Long.parseLong(field(header, 124, 12).strip().isEmpty() ? "0"
                        : field(header, 124, 12).strip(), 8);
                long padded = (size + 511) / 512 * 512;
                if (entry.equals(name) || entry.equals("./" + name)) {
                    byte[] content = in.readNBytes((int) size);
                    in.skipNBytes(padded - size);
                    return content;
                }
                in.skipNBytes(padded);
            }
        }
        throw new BuildException(BuildException.Reason.IO, tar + " has no entry " + name);
    }

    private static String field(byte[] header, int offset, int length) {
        int end = offset;
        while (end < offset + length && header[end] != 0) {
            end++;
        }
        return new String(header, offset, end - offset, StandardCharsets.US_ASCII);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
