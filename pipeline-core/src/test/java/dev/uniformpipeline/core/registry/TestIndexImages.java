package dev.uniformpipeline.core.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Test helper, independent of the code under test: writes images straight through the registry HTTP API (a
 * two-platform busybox base index made from Debian's amd64 and arm64 busybox-static binaries), reads blobs, and
 * reads files out of gzip'd layer tars. Minimal ustar reader/writer.
 */
final class TestIndexImages {
    static final String ARM64_BUSYBOX_ENV = "UNIFORM_ARM64_BUSYBOX";
    static final Path ARM64_BUSYBOX_DEFAULT = Path.of("/opt/uniform/arm64/bin/busybox");
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String authorization;

    TestIndexImages(String host, String user, String password) {
        this.base = "http://" + host;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The arm64 busybox-static binary; fails with the steps to get it (as .ci/run does). */
    static Path arm64Busybox() {
        String env = System.getenv(ARM64_BUSYBOX_ENV);
        Path p = env == null || env.isBlank() ? ARM64_BUSYBOX_DEFAULT : Path.of(env);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException(p + " is missing: the multi-platform tests need Debian's arm64"
                    + " busybox-static (not installed, only unpacked): dpkg --add-architecture arm64 && apt-get update"
                    + " && apt-get download busybox-static:arm64 && dpkg-deb -x busybox-static_*_arm64.deb"
                    + " /opt/uniform/arm64 (or set " + ARM64_BUSYBOX_ENV + "); .ci/run does this");
        }
        return p;
    }

    /** Pushes an OCI index {@code repo:tag} over one busybox image per architecture; returns the index digest. */
    String pushBusyboxIndex(String repo, String tag, Map<String, Path> busyboxByArch) throws Exception {
        StringBuilder index = new StringBuilder("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[");
        boolean first = true;
        for (Map.Entry<String, Path> e : busyboxByArch.entrySet()) {
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("bin/busybox", Files.readAllBytes(e.getValue()));
            files.put("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n".getBytes(StandardCharsets.UTF_8));
            byte[] tar = tar(files);
            byte[] layer = gzip(tar);
            String layerDigest = uploadBlob(repo, layer);
            byte[] config = ("{\"architecture\":\"" + e.getKey() + "\",\"os\":\"linux\",\"config\":{\"Env\":"
                    + "[\"PATH=/bin\"]},\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + sha256(tar) + "\"]}}")
                    .getBytes(StandardCharsets.UTF_8);
            String configDigest = uploadBlob(repo, config);
            byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\""
                    + configDigest + "\",\"size\":" + config.length + "},\"layers\":[{\"mediaType\":"
                    + "\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"" + layerDigest + "\",\"size\":"
                    + layer.length + "}]}").getBytes(StandardCharsets.UTF_8);
            String manifestDigest = sha256(manifest);
            put(repo, manifestDigest, manifest, "application/vnd.oci.image.manifest.v1+json");
            index.append(first ? "" : ",").append("{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                    + "\"digest\":\"").append(manifestDigest).append("\",\"size\":").append(manifest.length)
                    .append(",\"platform\":{\"architecture\":\"").append(e.getKey()).append("\",\"os\":\"linux\"}}");
            first = false;
        }
        byte[] bytes = index.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        put(repo, tag, bytes, "application/vnd.oci.image.index.v1+json");
        return sha256(bytes);
    }

    byte[] blob(String repo, String digest) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repo + "/blobs/" + digest))
                .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("GET blob " + digest + ": HTTP " + r.statusCode());
        }
        return r.body();
    }

    private String uploadBlob(String repo, byte[] content) throws Exception {
        HttpResponse<String> start = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repo + "/blobs/uploads/"))
                .header("Authorization", authorization).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        if (start.statusCode() != 202) {
            throw new IllegalStateException("start upload: HTTP " + start.statusCode() + " " + start.body());
        }
        String location = start.headers().firstValue("Location").orElseThrow();
        URI uri = URI.create(base).resolve(location);
        String digest = sha256(content);
        URI put = URI.create(uri + (uri.getQuery() == null ? "?" : "&") + "digest=" + digest);
        HttpResponse<String> done = HTTP.send(HttpRequest.newBuilder(put).header("Authorization", authorization)
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        if (done.statusCode() != 201) {
            throw new IllegalStateException("finish upload: HTTP " + done.statusCode() + " " + done.body());
        }
        return digest;
    }

    private void put(String repo, String reference, byte[] bytes, String mediaType) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/v2/" + repo + "/manifests/"
                        + reference)).header("Authorization", authorization).header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("PUT manifest " + reference + ": HTTP " + r.statusCode() + " " + r.body());
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    /** A ustar archive of regular files (mode 755, owner 0, mtime 0), in the given order. */
    static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            byte[] h = new byte[512];
            put(h, 0, f.getKey());
            put(h, 100, "0000755");
            put(h, 108, "0000000");
            put(h, 116, "0000000");
            put(h, 124, String.format("%011o", f.getValue().length));
            put(h, 136, "00000000000");
            h[156] = '0';
            put(h, 257, "ustar");
            put(h, 263, "00");
            for (int i = 148; i < 156; i++) {
                h[i] = ' ';
            }
            int sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            put(h, 148, String.format("%06o", sum));
            h[154] = 0;
            out.writeBytes(h);
            out.writeBytes(f.getValue());
            out.writeBytes(new byte[(512 - f.getValue().length % 512) % 512]);
        }
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private static void put(byte[] h, int offset, String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(b, 0, h, offset, b.length);
    }

    /** The file {@code name} (no leading slash) in a gzip'd layer tar, or null. */
    static byte[] fileInLayer(byte[] gzLayer, String name) throws IOException {
        byte[] tar;
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzLayer))) {
            tar = in.readAllBytes();
        }
        int pos = 0;
        while (pos + 512 <= tar.length && tar[pos] != 0) {
            String entry = cString(tar, pos, 100);
            String prefix = cString(tar, pos + 345, 155);
            if (!prefix.isEmpty()) {
                entry = prefix + "/" + entry;
            }
            String sizeText = cString(tar, pos + 124, 12).strip();
            int size = sizeText.isEmpty() ? 0 : Integer.parseInt(sizeText, 8);
            if (entry.replaceFirst("^\\./", "").replaceFirst("^/", "").equals(name)) {
                byte[] content = new byte[size];
                System.arraycopy(tar, pos + 512, content, 0, size);
                return content;
            }
            pos += 512 + (size + 511) / 512 * 512;
        }
        return null;
    }

    private static String cString(byte[] b, int offset, int len) {
        int end = offset;
        while (end < offset + len && b[end] != 0) {
            end++;
        }
        return new String(b, offset, end - offset, StandardCharsets.US_ASCII);
    }

    /** ELF {@code e_machine} (little-endian): 0x3E x86-64, 0xB7 AArch64. */
    static int elfMachine(byte[] elf) {
        if (elf.length < 20 || elf[0] != 0x7f || elf[1] != 'E' || elf[2] != 'L' || elf[3] != 'F') {
            throw new IllegalStateException("not an ELF file");
        }
        return (elf[18] & 0xff) | (elf[19] & 0xff) << 8;
    }

    static JsonNode json(String s) throws IOException {
        return JSON.readTree(s);
    }

    static List<String> archs(JsonNode index) {
        List<String> out = new java.util.ArrayList<>();
        index.path("manifests").forEach(m -> out.add(m.path("platform").path("architecture").asText()));
        return out;
    }
}
