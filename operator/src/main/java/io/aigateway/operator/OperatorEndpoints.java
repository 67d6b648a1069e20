package io.aigateway.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's own HTTP endpoints, on a port of their own: {@code /healthz} (liveness), {@code /readyz}
 * (readiness) and {@code /metrics} (Prometheus text format). The JDK's HTTP server is enough for probes and
 * scrapes, and keeps the operator free of Vert.x and Netty.
 */
public final class OperatorEndpoints implements AutoCloseable {

    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PLAIN_TEXT = "text/plain; charset=utf-8";

    /** What the probes ask. */
    public interface Health {

        /** Whether the process works: false makes the kubelet restart it. */
        boolean alive();

        /** Why the operator cannot take traffic (here: work) yet, one line each; empty when it is ready. */
        List<String> notReady();
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private OperatorEndpoints(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Serves the endpoints on {@code address} (port 0: any free port) until closed. */
    public static OperatorEndpoints start(InetSocketAddress address, Health health, PrometheusMeterRegistry registry)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        // Daemon threads: the endpoints never keep a stopping JVM alive.
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "operator-endpoints");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/healthz", exchange -> answer(exchange, "/healthz", () -> health.alive()
                ? new Answer(200, PLAIN_TEXT, "ok\n")
                : new Answer(503, PLAIN_TEXT, "the operator has not started\n")));
        server.createContext("/readyz", exchange -> answer(exchange, "/readyz", () -> {
            List<String> problems = health.notReady();
            return problems.isEmpty() ? new Answer(200, PLAIN_TEXT, "ok\n")
                    : new Answer(503, PLAIN_TEXT, String.join("\n", problems) + "\n");
        }));
        server.createContext("/metrics", exchange -> answer(exchange, "/metrics",
                () -> new Answer(200, PROMETHEUS_TEXT, registry.scrape())));
        server.start();
        return new OperatorEndpoints(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record Answer(int status, String contentType, String body) {
    }

    /** Answers GET and HEAD on exactly {@code path}; the JDK server matches contexts by prefix. */
    private static void answer(HttpExchange exchange, String path, Supplier<Answer> handler) throws IOException {
        try (exchange) {
            Answer answer;
            if (!exchange.getRequestURI().getPath().equals(path)) {
                answer = new Answer(404, PLAIN_TEXT, "not found\n");
            } else if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                answer = new Answer(405, PLAIN_TEXT, "only GET and HEAD\n");
            } else {
                answer = handler.get();
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(answer.status(), head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }
}
