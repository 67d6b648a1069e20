package io.aigateway.proxy.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback ports nothing listens on: targets that refuse connections. */
public final class ClosedPorts {

    private ClosedPorts() {
    }

    /**
     * A free loopback port below the range the kernel picks a connection's own port from (32768 and up on Linux): a
     * connect to a closed port inside that range can, rarely, be given that very port as its own and connect to
     * itself.
     */
    public static int loopback() throws IOException {
        int from = 20_000 + ThreadLocalRandom.current().nextInt(10_000);
        for (int port = from; port < from + 100; port++) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // the next one
            }
        }
        throw new IOException("no free loopback port from " + from);
    }
}
