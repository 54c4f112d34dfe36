package dev.uniformpipeline.localcloud.http;

import dev.uniformpipeline.localcloud.support.Sockets;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * local-cloud's public port: a byte relay in front of the JDK HttpServer that turns away TLS at once.
 *
 * <p>Registry clients (jib-core, containers/image) try HTTPS first and fall back to plain HTTP only when the
 * TLS handshake fails with an SSL error. Go's net/http answers a ClientHello on a plain port with an HTTP 400
 * and closes, which produces that error; the JDK HttpServer instead waits for a request line that never comes,
 * so Jib times out after 20 s and gives up without falling back. This relay looks at the first byte of each
 * connection: {@code 0x16} (a TLS handshake record) gets the plain-HTTP 400 and a close; anything else is
 * piped both ways to the HttpServer unchanged (keep-alive included).
 */
public final class TlsProbeGuard implements AutoCloseable {
    private static final int TLS_HANDSHAKE = 0x16;
    private static final byte[] NOT_TLS = ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 48\r\nConnection: close\r\n\r\n"
            + "Client sent an HTTPS request to an HTTP server.\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket listener;
    private final InetSocketAddress backend;
    private final AtomicInteger threads = new AtomicInteger();
    private final Thread acceptor;

    private TlsProbeGuard(ServerSocket listener, InetSocketAddress backend) {
        this.listener = listener;
        this.backend = backend;
        this.acceptor = new Thread(this::acceptLoop, "local-cloud-port");
        this.acceptor.setDaemon(true);
    }

    /** Listens on {@code address:port} (0: a free port) and relays to {@code backend}. */
    public static TlsProbeGuard start(InetAddress address, int port, InetSocketAddress backend) throws IOException {
        ServerSocket listener = new ServerSocket();
        listener.setReuseAddress(true);
        listener.bind(new InetSocketAddress(address, port), 256);
        TlsProbeGuard guard = new TlsProbeGuard(listener, backend);
        guard.acceptor.start();
        return guard;
    }

    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            daemon(() -> serve(client), "local-cloud-conn-" + threads.incrementAndGet()).start();
        }
    }

    private void serve(Socket client) {
        try (client) {
            client.setTcpNoDelay(true);
            InputStream in = client.getInputStream();
            int first = in.read();
            if (first < 0) {
                return;
            }
            if (first == TLS_HANDSHAKE) {
                client.getOutputStream().write(NOT_TLS);
                client.getOutputStream().flush();
                return;
            }
            try (Socket server = new Socket()) {
                server.setTcpNoDelay(true);
                server.connect(backend);
                server.getOutputStream().write(first);
                Thread back = daemon(() -> Sockets.pipe(server, client),
                        "local-cloud-conn-" + threads.incrementAndGet());
                back.start();
                Sockets.pipe(client, server);
                back.join();
            }
        } catch (IOException e) {
            // the peer went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
