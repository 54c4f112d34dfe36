package dev.uniformpipeline.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/** Reads an OCI image-layout tar written by jib (test helper; a minimal ustar reader). */
final class OciTar {
    final Map<String, byte[]> files;
    final JsonNode index;
    final String manifestDigest;
    final JsonNode manifest;
    final JsonNode config;
    final List<Map<String, Entry>> layers = new ArrayList<>();

    record Entry(String name, char type, int mode, String uidGid, byte[] content, long mtime) { }

    OciTar(Path tar) throws IOException {
        files = entries(Files.readAllBytes(tar)).entrySet().stream().collect(LinkedHashMap::new,
                (m, e) -> m.put(e.getKey(), e.getValue().content()), Map::putAll);
        ObjectMapper om = new ObjectMapper();
        index = om.readTree(files.get("index.json"));
        manifestDigest = index.path("manifests").get(0).path("digest").asText();
        byte[] manifestBytes = blob(manifestDigest);
        if (!manifestDigest.equals(sha256(manifestBytes))) {
            throw new IllegalStateException("manifest digest mismatch");
        }
        manifest = om.readTree(manifestBytes);
        config = om.readTree(blob(manifest.path("config").path("digest").asText()));
        for (JsonNode layer : manifest.path("layers")) {
            byte[] gz = blob(layer.path("digest").asText());
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                layers.add(entries(in.readAllBytes()));
            }
        }
    }

    byte[] blob(String digest) {
        byte[] b = files.get("blobs/sha256/" + digest.substring("sha256:".length()));
        if (b == null) {
            throw new IllegalStateException("missing blob " + digest + " in " + files.keySet());
        }
        return b;
    }

    /** All entries of all layers, by path without a leading slash or "./". */
    Map<String, Entry> allEntries() {
        Map<String, Entry> all = new LinkedHashMap<>();
        for (Map<String, Entry> l : layers) {
            all.putAll(l);
        }
        return all;
    }

    String label(String key) {
        return config.path("config").path("Labels").path(key).asText(null);
    }

    static String sha256(byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Entry> entries(byte[] tar) {
        Map<String, Entry> out = new LinkedHashMap<>();
        int pos = 0;
        String longName = null;
        while (pos + 512 <= tar.length) {
            byte[] h = java.util.Arrays.copyOfRange(tar, pos, pos + 512);
            if (allZero(h)) {
                break;
            }
            String name = str(h, 0, 100);
            String prefix = str(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            int mode = (int) octal(h, 100, 8);
            String uidGid = octal(h, 108, 8) + ":" + octal(h, 116, 8);
            long size = octal(h, 124, 12);
            long mtime = octal(h, 136, 12);
            char type = (char) (h[156] == 0 ? '0' : h[156]);
            byte[] content = java.util.Arrays.copyOfRange(tar, pos + 512, (int) (pos + 512 + size));
            pos += 512 + (int) ((size + 511) / 512) * 512;
            if (type == 'L') {
                longName = new String(content, StandardCharsets.UTF_8).replace("\0", "");
                continue;
            }
            if (type == 'x' || type == 'g') {
                String pax = new String(content, StandardCharsets.UTF_8);
                for (String line : pax.split("\n")) {
                    int sp = line.indexOf(' ');
                    if (sp > 0 && line.substring(sp + 1).startsWith("path=")) {
                        longName = line.substring(sp + 1 + 5);
                    }
                }
                continue;
            }
            if (longName != null) {
                name = longName;
                longName = null;
            }
            String key = name.replaceFirst("^\\./", "").replaceFirst("^/", "");
            out.put(key, new Entry(key, type, mode, uidGid, content, mtime));
        }
        return out;
    }

    private static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String str(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = str(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
