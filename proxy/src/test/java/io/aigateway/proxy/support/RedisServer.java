package io.aigateway.proxy.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;

/**
 * A real {@code redis-server} on a free loopback port, without persistence, for the tests of the shared store: it
 * can be stopped and started again on the same port (a Redis outage, and its end), and paused (a Redis that accepts
 * connections but answers nothing: a slow one). Needs Redis 7 on the PATH: {@code apt-get install redis-server}.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final int port;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(int port, List<String> extraArgs) {
        this.port = port;
        this.extraArgs = extraArgs;
    }

    /** Starts a server; {@code extraArgs} are more of redis-server's options ({@code --requirepass}, ...). */
    public static RedisServer start(String... extraArgs) {
        RedisServer server = new RedisServer(freePort(), List.of(extraArgs));
        server.startAgain();
        return server;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:port}. */
    public String address() {
        return "redis://127.0.0.1:" + port;
    }

    /** Starts the server again on its port, empty (it keeps nothing), and waits until it answers PING. */
    public synchronized void startAgain() {
        List<String> command = new ArrayList<>(List.of(executable(), "--port", String.valueOf(port), "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1"));
        command.addAll(extraArgs);
        try {
            Path log = Files.createTempFile("redis-" + port, ".log");
            Process started = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .start();
            process = started;
            Awaitility.await("redis-server on port " + port + " answering PING").atMost(READY_WITHIN)
                    .pollInterval(Duration.ofMillis(20)).until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("redis-server on port " + port + " exited: "
                                    + Files.readString(log));
                        }
                        return answersPing();
                    });
        } catch (IOException e) {
            throw new IllegalStateException("redis-server could not be started", e);
        }
    }

    /** Stops the server and waits until it is gone. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    /** Freezes the server (SIGSTOP): connections are accepted by the kernel, nothing answers. */
    public void pause() {
        signal("-STOP");
    }

    /** Lets a paused server run again. */
    public void resume() {
        signal("-CONT");
    }

    @Override
    public void close() {
        resume();
        stop();
    }

    private synchronized void signal(String signal) {
        if (process == null) {
            return;
        }
        try {
            new ProcessBuilder("kill", signal, String.valueOf(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new IllegalStateException("could not signal redis-server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the server answers {@code PING} with {@code +PONG} on a plain connection. */
    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] answer = in.readNBytes(5);
            String text = new String(answer, StandardCharsets.US_ASCII);
            // A server that asks for a password answers -NOAUTH: it is up all the same.
            return text.startsWith("+PONG") || text.startsWith("-NOAU");
        } catch (IOException e) {
            return false;
        }
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException("redis-server is not on the PATH: the tests of the shared rate-limit "
                + "store need Redis 7 (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis)");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
