package io.aigateway.proxy.http;

import io.aigateway.proxy.config.ConfigHolder;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The admin port, apart from client traffic: {@code /healthz} (200 while the process runs), {@code /readyz} (200
 * once a valid config is served, 503 before and once shutdown began) and {@code /metrics} (every meter in the
 * Prometheus text format).
 */
public final class AdminHandler implements Handler<HttpServerRequest> {

    private static final String TEXT = "text/plain; charset=utf-8";

    private final Vertx vertx;
    private final ConfigHolder configs;
    private final ProxyMetrics metrics;
    private final InFlight inFlight;

    public AdminHandler(Vertx vertx, ConfigHolder configs, ProxyMetrics metrics, InFlight inFlight) {
        this.vertx = vertx;
        this.configs = configs;
        this.metrics = metrics;
        this.inFlight = inFlight;
    }

    @Override
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        switch (request.path()) {
            case "/healthz" -> text(response, 200, "ok\n");
            case "/readyz" -> {
                RuntimeConfig config = configs.current();
                if (inFlight.draining()) {
                    text(response, 503, "shutting down\n");
                } else if (config == null) {
                    text(response, 503, "no config loaded\n");
                } else {
                    text(response, 200, "ready, revision " + config.revision() + "\n");
                }
            }
            // Writing every series takes a while with many of them: off the event loop.
            case "/metrics" -> vertx.executeBlocking(metrics::scrape, false)
                    .onSuccess(body -> response.putHeader(HttpHeaders.CONTENT_TYPE, ProxyMetrics.CONTENT_TYPE)
                            .end(body))
                    .onFailure(e -> text(response, 500, "metrics unavailable\n"));
            default -> text(response, 404, "not found\n");
        }
    }

    private static void text(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, TEXT).end(body);
    }
}
