/**
 * The contracts between local-cloud's services and its HTTP front door.
 *
 * <p>Each AWS service is one class implementing exactly one protocol interface
 * ({@link dev.uniformpipeline.localcloud.spi.JsonProtocolService},
 * {@link dev.uniformpipeline.localcloud.spi.QueryProtocolService} or
 * {@link dev.uniformpipeline.localcloud.spi.RestJsonService}); the front door decodes the wire
 * protocol, routes the call and encodes the answer or the {@link dev.uniformpipeline.localcloud.spi.AwsException}.
 *
 * <p>Services that depend on each other do so only through the narrow interfaces here
 * ({@link dev.uniformpipeline.localcloud.spi.TargetRegistry}, {@link dev.uniformpipeline.localcloud.spi.LogSink},
 * {@link dev.uniformpipeline.localcloud.spi.ImageResolver}, {@link dev.uniformpipeline.localcloud.spi.EventPublisher},
 * {@link dev.uniformpipeline.localcloud.spi.TaskLauncher}), so each can be tested with a fake of the others.
 */
package dev.uniformpipeline.localcloud.spi;
