package dev.uniformpipeline.localcloud;

import dev.uniformpipeline.localcloud.spi.AwsException;
import dev.uniformpipeline.localcloud.spi.CloudClock;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** What a service gets from local-cloud when it is created. */
public final class ServiceContext {
    /** The account of any static access key (unless the key is itself a 12-digit account id). */
    public static final String DEFAULT_ACCOUNT = dev.uniformpipeline.localcloud.http.FrontDoor.DEFAULT_ACCOUNT;

    private final CloudClock clock;
    private final RuntimeMode runtimeMode;
    private final URI endpoint;
    private final Path stateDir;
    private final Supplier<List<Object>> services;

    ServiceContext(CloudClock clock, RuntimeMode runtimeMode, URI endpoint, Path stateDir,
            Supplier<List<Object>> services) {
        this.clock = clock;
        this.runtimeMode = runtimeMode;
        this.endpoint = endpoint;
        this.stateDir = stateDir;
        this.services = services;
    }

    public CloudClock clock() {
        return clock;
    }

    public RuntimeMode runtimeMode() {
        return runtimeMode;
    }

    /** The front door's base URI, e.g. {@code http://127.0.0.1:45123} (known before services are created). */
    public URI endpoint() {
        return endpoint;
    }

    /** The standalone state directory, if any (snapshots are handled by local-cloud; this is for extra files). */
    public Optional<Path> stateDir() {
        return Optional.ofNullable(stateDir);
    }

    /**
     * The service implementing {@code type} right now, if one is registered. When several do, the one registered
     * last wins, so a service added with {@link LocalCloud.Builder#withService} (a test's fake) replaces the
     * built-in one.
     */
    public <T> Optional<T> find(Class<T> type) {
        List<Object> all = services.get();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (type.isInstance(all.get(i))) {
                return Optional.of(type.cast(all.get(i)));
            }
        }
        return Optional.empty();
    }

    /**
     * A reference to whichever service implements the spi interface {@code type}, resolved at each call, so
     * services can reference each other regardless of creation order. Calling it when no service implements
     * {@code type} throws {@link AwsException} {@code ServerException} (if the method declares it) or
     * {@link IllegalStateException}.
     */
    public <T> T lookup(Class<T> type) {
        if (!type.isInterface()) {
            throw new IllegalArgumentException(type + " is not an interface");
        }
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(proxy, method, args, type);
            }
            Object target = find(type).orElse(null);
            if (target == null) {
                String msg = "No service implementing " + type.getSimpleName() + " is wired into this local-cloud";
                for (Class<?> ex : method.getExceptionTypes()) {
                    if (ex == AwsException.class) {
                        throw new AwsException("ServerException", msg, 500, false);
                    }
                }
                throw new IllegalStateException(msg);
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static Object objectMethod(Object proxy, Method method, Object[] args, Class<?> type) {
        switch (method.getName()) {
            case "equals":
                return proxy == args[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            default:
                return "lookup(" + type.getSimpleName() + ")";
        }
    }
}
