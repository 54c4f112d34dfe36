package dev.uniformpipeline.localcloud.ecs.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The one-thread HTTP/1.1 server behind all simulated containers, spoken to over real sockets. */
class SimHttpServerIT {
    private final SimHttpServer server = new SimHttpServer("sim-http-test");
    private final List<String> seen = new ArrayList<>();

    @AfterEach
    void close() {
        server.close();
    }

    private SimHttpServer.Listener listen(String name) throws IOException {
        return server.listen(new InetSocketAddress("127.0.0.1", 0), 50, (method, path) -> {
            synchronized (seen) {
                seen.add(method + " " + path);
            }
            byte[] body = (name + " " + method + " " + path).getBytes(StandardCharsets.UTF_8);
            return new SimHttpServer.Response(path.equals("/sick") ? 503 : 200, "text/plain", body);
        });
    }

    private static int port(SimHttpServer.Listener l) {
        return l.port();
    }

    /** Reads one response (status line, headers, Content-Length body) from a raw socket. */
    private static String response(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed after: " + head);
            }
            head.write(b);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(h.startsWith("HTTP/1.1 100") ? 0 : length), StandardCharsets.UTF_8);
    }

    @Test
    void keepAliveConnectionAnswersPipelinedRequestsInOrder() throws Exception {
        SimHttpServer.Listener l = listen("a");
        try (Socket s = new Socket("127.0.0.1", port(l))) {
            s.getOutputStream().write(("GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            String first = response(s.getInputStream());
            String second = response(s.getInputStream());
            assertTrue(first.startsWith("HTTP/1.1 200 OK\r\n") && first.endsWith("a GET /one"), first);
            assertTrue(second.endsWith("a GET /two"), second);
            s.getOutputStream().write("GET /three HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(response(s.getInputStream()).endsWith("a GET /three"), "the connection stays open");
        }
    }

    @Test
    void chunkedBodyWithExpectContinueGetsContinueThenTheAnswer() throws Exception {
        SimHttpServer.Listener l = listen("b");
        try (Socket s = new Socket("127.0.0.1", port(l))) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /upload HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertEquals("HTTP/1.1 100 Continue\r\n\r\n", response(s.getInputStream()));
            out.write("5\r\nhello\r\n3;ext=1\r\nabc\r\n0\r\nTrailer: t\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String r = response(s.getInputStream());
            assertTrue(r.startsWith("HTTP/1.1 200 OK") && r.endsWith("b POST /upload"), r);
            out.write("POST /sized HTTP/1.1\r\nContent-Length: 4\r\n\r\nbodyGET /after HTTP/1.1\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(response(s.getInputStream()).endsWith("b POST /sized"));
            assertTrue(response(s.getInputStream()).endsWith("b GET /after"), "the body was not read as a request");
        }
    }

    @Test
    void http10WithoutKeepAliveAndHeadAndMalformedRequests() throws Exception {
        SimHttpServer.Listener l = listen("c");
        try (Socket s = new Socket("127.0.0.1", port(l))) {
            s.getOutputStream().write("HEAD /sick HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] all = s.getInputStream().readAllBytes(); // the server closes: HTTP/1.0 without keep-alive
            String r = new String(all, StandardCharsets.ISO_8859_1);
            assertTrue(r.startsWith("HTTP/1.1 503 Service Unavailable\r\n"), r);
            assertTrue(r.contains("Content-Length: 12\r\n") && r.contains("Connection: close\r\n"), r);
            assertTrue(r.endsWith("\r\n\r\n"), "a HEAD answer has no body: " + r);
        }
        try (Socket s = new Socket("127.0.0.1", port(l))) {
            s.getOutputStream().write("NONSENSE\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String r = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(r.startsWith("HTTP/1.1 400 Bad Request\r\n"), r);
        }
    }

    @Test
    void jdkHttpClientGetsTheAnswerOfEachListener() throws Exception {
        SimHttpServer.Listener a = listen("a");
        SimHttpServer.Listener b = listen("b");
        HttpClient client = HttpClient.newHttpClient(); // tries an h2c upgrade, which the server ignores
        for (int i = 0; i < 3; i++) {
            assertEquals("a GET /x", client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(a)
                    + "/x")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertEquals("b GET /y", client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(b)
                    + "/y")).build(), HttpResponse.BodyHandlers.ofString()).body());
        }
    }

    @Test
    void closingAListenerFreesItsPortAndClosesItsConnectionsButNotTheOthers() throws Exception {
        SimHttpServer.Listener a = listen("a");
        SimHttpServer.Listener b = listen("b");
        int portA = port(a);
        try (Socket toA = new Socket("127.0.0.1", portA); Socket toB = new Socket("127.0.0.1", port(b))) {
            toA.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            response(toA.getInputStream());
            a.close();
            assertEquals(-1, toA.getInputStream().read(), "the open connection is closed with the listener");
            try (ServerSocket again = new ServerSocket()) {
                again.bind(new InetSocketAddress("127.0.0.1", portA)); // the port is free at once
            }
            toB.getOutputStream().write("GET /still HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(response(toB.getInputStream()).endsWith("b GET /still"));
        }
    }

    @Test
    void manyListenersAreServedByOneThread() throws Exception {
        List<SimHttpServer.Listener> listeners = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            listeners.add(listen("l" + i));
        }
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int i = 0; i < listeners.size(); i++) {
            assertEquals("l" + i + " GET /health", client.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port(listeners.get(i)) + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
        }
        long serving = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("sim-http-test")).count();
        assertEquals(1, serving);
    }

    @Test
    void aClosedServerRefusesNewListeners() throws Exception {
        listen("a");
        server.close();
        assertThrows(IOException.class, () -> listen("b"));
    }
}
