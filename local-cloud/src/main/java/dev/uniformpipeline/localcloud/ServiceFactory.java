package dev.uniformpipeline.localcloud;

/**
 * Creates one service of local-cloud. The object returned is registered by what it implements:
 * {@code JsonProtocolService}, {@code QueryProtocolService}, {@code RestJsonService}, {@code RawHttpService},
 * {@code StatefulService}, the cross-service spi interfaces, and {@link AutoCloseable} (closed on shutdown).
 */
@FunctionalInterface
public interface ServiceFactory {
    Object create(ServiceContext context);
}
