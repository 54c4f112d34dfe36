package dev.uniformpipeline.core.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: a TCP relay on 127.0.0.1 in front of a registry that records the registry API request lines clients
 * send through it (method and path), so a test can count blob uploads ({@code PUT .../blobs/uploads/...}: a mounted
 * or already present blob needs none) and manifest pushes.
 */
final class CountingRelay implements AutoCloseable {
    private static final Pattern REQUEST = Pattern.compile("(GET|HEAD|POST|PUT|PATCH|DELETE) (/v2/\\S*) HTTP/1\\.[01]\r\n");
    private final ServerSocket server;
    private final int upstream;
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Socket> sockets = Collections.synchronizedList(new ArrayList<>());

    CountingRelay(int upstreamPort) throws IOException {
        this.upstream = upstreamPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    String host() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The request lines seen so far ("PUT /v2/team/app/manifests/1"). */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    void clear() {
        requests.clear();
    }

    long blobUploads() {
        return requests().stream().filter(r -> r.startsWith("PUT ") && r.contains("/blobs/uploads/")).count();
    }

    long manifestPuts() {
        return requests().stream().filter(r -> r.startsWith("PUT ") && r.contains("/manifests/")).count();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket up = new Socket(InetAddress.getLoopbackAddress(), upstream);
                sockets.add(client);
                sockets.add(up);
                pump(client.getInputStream(), up.getOutputStream(), true, up);
                pump(up.getInputStream(), client.getOutputStream(), false, client);
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out, boolean scan, Socket closeAfter) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[65536];
            String tail = "";
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    if (scan) {
                        String window = tail + new String(buf, 0, n, StandardCharsets.ISO_8859_1);
                        Matcher m = REQUEST.matcher(window);
                        while (m.find()) {
                            if (m.end() > tail.length()) {
                                requests.add(m.group(1) + " " + m.group(2));
                            }
                        }
                        tail = window.substring(Math.max(0, window.length() - 512));
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException ignored) {
                // a side closed
            } finally {
                try {
                    closeAfter.shutdownOutput();
                } catch (IOException ignored) {
                    // already closed
                }
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
