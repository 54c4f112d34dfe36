package dev.uniformpipeline.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against a local HTTP server that demands basic auth and refuses every credential: the token is sent, the
 * failure is an AUTHENTICATION error naming the URL and the fix, and the token appears in no message or event.
 */
class HttpsTokenCheckoutIT {
    private static final String TOKEN = "ghp_supersecret_TOKEN_42";
    private HttpServer server;
    private final List<String> seenAuthorization = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            if (auth != null) {
                seenAuthorization.add(auth);
            }
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/team/app.git";
    }

    private CheckoutService service() {
        return new CheckoutService(new CheckoutListener() {
            @Override
            public void step(String message) {
                events.add(message);
            }
        });
    }

    @Test
    void refusedTokenIsAnAuthenticationErrorWithoutTheToken(@TempDir Path out) {
        CheckoutException e = assertThrows(CheckoutException.class, () -> service().checkout(
                CheckoutRequest.builder(url()).ref("main").credentials(GitCredentials.token("ci", TOKEN))
                        .directory(out.resolve("w")).build()));
        assertEquals(CheckoutException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(url()), e.getMessage());
        assertTrue(e.getMessage().contains("UNIFORM_GIT_TOKEN"), e.getMessage());
        String expected = "Basic " + Base64.getEncoder().encodeToString(("ci:" + TOKEN).getBytes(StandardCharsets.UTF_8));
        assertTrue(seenAuthorization.contains(expected), "the token was offered to the server");
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(TOKEN), "token leaked into the exception");
        assertFalse(String.join("\n", events).contains(TOKEN), "token leaked into events");
    }

    @Test
    void tokenInTheUrlIsRedactedEverywhere(@TempDir Path out) {
        String withToken = url().replace("http://", "http://ci:" + TOKEN + "@");
        CheckoutException e = assertThrows(CheckoutException.class, () -> service().checkout(
                CheckoutRequest.builder(withToken).directory(out.resolve("w")).build()));
        assertEquals(CheckoutException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        assertTrue(e.getMessage().contains("http://***@127.0.0.1"), e.getMessage());
        assertFalse(String.join("\n", events).contains(TOKEN), "token leaked into events: " + events);
    }

    @Test
    void noCredentialsSaysWhichVariableToSet(@TempDir Path out) {
        CheckoutException e = assertThrows(CheckoutException.class, () -> service().checkout(
                CheckoutRequest.builder(url()).directory(out.resolve("w")).build()));
        assertEquals(CheckoutException.Reason.AUTHENTICATION, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains("needs credentials"), e.getMessage());
    }
}
