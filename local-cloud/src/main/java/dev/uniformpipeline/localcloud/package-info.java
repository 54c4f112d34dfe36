/**
 * local-cloud: a local stand-in for the AWS control planes that serves the real wire protocols on one port
 * of 127.0.0.1, so unmodified AWS SDK clients (endpoint override, any static credentials) and the {@code aws}
 * CLI ({@code --endpoint-url}) work against it.
 *
 * <ul>
 * <li>{@link dev.uniformpipeline.localcloud.LocalCloud}: in-process use (tests): builder with port, clock
 * factor, state directory and runtime mode; {@code clock()}, {@code faults()}, {@code service(Class)}.</li>
 * <li>{@link dev.uniformpipeline.localcloud.LocalCloudProcess} / {@link dev.uniformpipeline.localcloud.LocalCloudMain}:
 * standalone, as a detached JVM keeping its state in a state directory.</li>
 * <li>Adding a service: one line in {@code ServiceCatalog}, a {@link dev.uniformpipeline.localcloud.ServiceFactory}
 * (usually a constructor taking a {@link dev.uniformpipeline.localcloud.ServiceContext}). The object is registered
 * under every interface it implements (protocol interfaces of {@code spi}, {@code StatefulService},
 * {@code AutoCloseable}, the cross-service interfaces). Services reference each other only through
 * {@link dev.uniformpipeline.localcloud.ServiceContext#lookup(Class)} of an spi interface.</li>
 * <li>Accounts and regions: the region is the SigV4 credential scope's; the account is 000000000000 for static
 * keys, the key itself when it is 12 digits, and the role's account for keys issued by STS AssumeRole.</li>
 * <li>Errors: services throw {@link dev.uniformpipeline.localcloud.spi.AwsException} with the protocol's code
 * (an unknown JSON operation is {@code UnknownOperationException}, an unknown query action {@code InvalidAction});
 * any other exception becomes the service's 500 fault without internals.</li>
 * </ul>
 */
package dev.uniformpipeline.localcloud;
