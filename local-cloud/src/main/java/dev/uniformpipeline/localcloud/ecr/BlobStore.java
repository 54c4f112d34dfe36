package dev.uniformpipeline.localcloud.ecr;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Content-addressed files: {@code <root>/sha256/<hex>} holds the bytes whose SHA-256 is {@code <hex>}
 * (layers, configs and manifests alike); {@code <root>/uploads/<uuid>} holds blob uploads in progress.
 * A blob file is written under a temporary name and moved into place only after its digest checked out,
 * so a present file is always complete and correct.
 */
final class BlobStore implements AutoCloseable {
    static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");

    private final Path root;
    private final boolean deleteOnClose;

    private BlobStore(Path root, boolean deleteOnClose) {
        this.root = root;
        this.deleteOnClose = deleteOnClose;
        try {
            Files.createDirectories(root.resolve("sha256"));
            Files.createDirectories(root.resolve("uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create ECR blob directory " + root, e);
        }
    }

    /** Blobs kept under {@code dir} (survive restarts). */
    static BlobStore persistent(Path dir) {
        return new BlobStore(dir, false);
    }

    /** Blobs in a fresh temporary directory, removed on {@link #close()}. */
    static BlobStore temporary() {
        try {
            return new BlobStore(Files.createTempDirectory("local-ecr-blobs"), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary ECR blob directory", e);
        }
    }

    static String sha256(byte[] bytes) {
        return "sha256:" + HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from this JDK", e);
        }
    }

    boolean exists(String digest) {
        return DIGEST.matcher(digest).matches() && Files.isRegularFile(path(digest));
    }

    long size(String digest) throws IOException {
        return Files.size(path(digest));
    }

    Optional<Path> file(String digest) {
        if (!exists(digest)) {
            return Optional.empty();
        }
        return Optional.of(path(digest));
    }

    byte[] read(String digest) throws IOException {
        return Files.readAllBytes(path(digest));
    }

    /** Stores bytes under their own digest (idempotent); returns the digest. */
    String put(byte[] bytes) throws IOException {
        String digest = sha256(bytes);
        if (!exists(digest)) {
            Path tmp = root.resolve("uploads").resolve("put-" + UUID.randomUUID());
            Files.write(tmp, bytes);
            moveIntoPlace(tmp, digest);
        }
        return digest;
    }

    private final java.util.concurrent.atomic.AtomicLong bytesReceived = new java.util.concurrent.atomic.AtomicLong();

    /** Starts an upload; returns its id. */
    String startUpload() throws IOException {
        String id = UUID.randomUUID().toString();
        Files.createFile(uploadPath(id));
        return id;
    }

    boolean uploadExists(String id) {
        return isUploadId(id) && Files.isRegularFile(uploadPath(id));
    }

    long uploadSize(String id) throws IOException {
        return Files.size(uploadPath(id));
    }

    /** Appends a chunk to an upload; returns the new size. */
    long append(String id, InputStream chunk) throws IOException {
        try (OutputStream out = Files.newOutputStream(uploadPath(id), StandardOpenOption.APPEND)) {
            bytesReceived.addAndGet(chunk.transferTo(out));
        }
        return Files.size(uploadPath(id));
    }

    /** Blob bytes received by uploads since start (mounted blobs add nothing). */
    long bytesReceived() {
        return bytesReceived.get();
    }

    void cancelUpload(String id) throws IOException {
        if (isUploadId(id)) {
            Files.deleteIfExists(uploadPath(id));
        }
    }

    /**
     * Completes an upload: the bytes so far must hash to {@code expectedDigest}. On success the blob is
     * in place and the upload is gone; on a mismatch the upload is discarded and false is answered.
     */
    boolean commitUpload(String id, String expectedDigest) throws IOException {
        Path tmp = uploadPath(id);
        MessageDigest md = newDigest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(tmp), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        String actual = "sha256:" + HexFormat.of().formatHex(md.digest());
        if (!actual.equals(expectedDigest)) {
            Files.deleteIfExists(tmp);
            return false;
        }
        if (exists(actual)) {
            Files.deleteIfExists(tmp);
        } else {
            moveIntoPlace(tmp, actual);
        }
        return true;
    }

    private void moveIntoPlace(Path tmp, String digest) throws IOException {
        try {
            Files.move(tmp, path(digest), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path(digest), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private Path path(String digest) {
        if (!DIGEST.matcher(digest).matches()) {
            throw new IllegalArgumentException("not a sha256 digest: " + digest);
        }
        return root.resolve("sha256").resolve(digest.substring("sha256:".length()));
    }

    private static boolean isUploadId(String id) {
        return id.matches("[0-9a-f-]{36}");
    }

    private Path uploadPath(String id) {
        if (!isUploadId(id)) {
            throw new IllegalArgumentException("not an upload id: " + id);
        }
        return root.resolve("uploads").resolve(id);
    }

    @Override
    public void close() {
        if (!deleteOnClose) {
            return;
        }
        deleteTree(root);
    }

    private static void deleteTree(Path p) {
        try {
            if (Files.isDirectory(p)) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(p)) {
                    for (Path c : children) {
                        deleteTree(c);
                    }
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // best effort for a temporary directory
        }
    }
}
