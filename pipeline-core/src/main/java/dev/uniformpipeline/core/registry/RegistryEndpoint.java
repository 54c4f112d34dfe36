package dev.uniformpipeline.core.registry;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How to reach a registry.
 *
 * @param host          {@code host[:port]} as in image references
 * @param plainHttp     talk plain HTTP (only for registries explicitly marked insecure, such as a local test
 *                      registry); credentials are then sent over HTTP
 * @param caCertificate a PEM file with extra CA certificate(s) to trust for this registry's TLS, or null
 */
public record RegistryEndpoint(String host, boolean plainHttp, Path caCertificate) {
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9.-]+(:[0-9]{1,5})?$");

    public RegistryEndpoint {
        Objects.requireNonNull(host, "host");
        if (!HOST.matcher(host).matches()) {
            throw new IllegalArgumentException("registry host '" + host + "' must be host or host:port");
        }
        if (plainHttp && caCertificate != null) {
            throw new IllegalArgumentException("registry " + host + ": a CA certificate makes no sense with plain HTTP");
        }
    }

    /** HTTPS with the JDK's trusted CAs. */
    public static RegistryEndpoint https(String host) {
        return new RegistryEndpoint(host, false, null);
    }

    /** HTTPS trusting also the CA(s) in {@code caPem}. */
    public static RegistryEndpoint https(String host, Path caPem) {
        return new RegistryEndpoint(host, false, caPem);
    }

    /** Plain HTTP (insecure; for local registries). */
    public static RegistryEndpoint plainHttp(String host) {
        return new RegistryEndpoint(host, true, null);
    }

    /** {@code http://host} or {@code https://host}. */
    public String baseUrl() {
        return (plainHttp ? "http://" : "https://") + host;
    }
}
