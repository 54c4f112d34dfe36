package example;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** A tiny HTTP service on the JDK's own server: GET /health answers 200, GET / the greeting. */
public final class Main {
    public static void main(String[] args) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Main.class.getResourceAsStream("/app.properties")) {
            props.load(in);
        }
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/health", ex -> reply(ex, "ok"));
        server.createContext("/", ex -> reply(ex, props.getProperty("greeting")));
        server.start();
        org.slf4j.LoggerFactory.getLogger(Main.class).info("listening on {}", port);
        System.out.println("listening on " + port);
    }

    private static void reply(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
        byte[] b = (body + "\n").getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }
}
