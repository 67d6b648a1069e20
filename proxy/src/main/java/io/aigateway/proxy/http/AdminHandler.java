package io.aigateway.proxy.http;

import io.aigateway.proxy.config.ConfigHolder;
import io.aigateway.proxy.config.RuntimeConfig;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * The admin port: {@code /healthz} (200 while running), {@code /readyz} (200 once a valid config is served) and
 * {@code /metrics} (config counters in Prometheus text format).
 */
public final class AdminHandler implements Handler<HttpServerRequest> {

    private final ConfigHolder configs;

    public AdminHandler(ConfigHolder configs) {
        this.configs = configs;
    }

    @Override
    public void handle(HttpServerRequest request) {
        var response = request.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8");
        switch (request.path()) {
            case "/healthz" -> response.end("ok\n");
            case "/readyz" -> {
                RuntimeConfig config = configs.current();
                if (config == null) {
                    response.setStatusCode(503).end("no config loaded\n");
                } else {
                    response.end("ready, revision " + config.revision() + "\n");
                }
            }
            case "/metrics" -> response.end(
                    "# TYPE aigw_config_accepted_total counter\n"
                            + "aigw_config_accepted_total " + configs.acceptedCount() + "\n"
                            + "# TYPE aigw_config_refused_total counter\n"
                            + "aigw_config_refused_total " + configs.refusedCount() + "\n"
                            + "# TYPE aigw_config_loaded gauge\n"
                            + "aigw_config_loaded " + (configs.current() == null ? 0 : 1) + "\n");
            default -> response.setStatusCode(404).end("not found\n");
        }
    }
}
