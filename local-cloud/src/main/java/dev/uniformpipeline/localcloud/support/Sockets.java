package dev.uniformpipeline.localcloud.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Byte relays between two sockets, for local-cloud's TCP relays (its public port, network load balancers). */
public final class Sockets {
    private Sockets() {
    }

    /**
     * Copies from {@code from} to {@code to} until EOF, then half-closes {@code to}'s output, so HTTP keep-alive
     * and close both pass through; when either side fails, closes {@code to}.
     */
    public static void pipe(Socket from, Socket to) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
