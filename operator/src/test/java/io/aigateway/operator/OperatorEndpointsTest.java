package io.aigateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OperatorEndpointsTest {

    private final AtomicBoolean alive = new AtomicBoolean();
    private final AtomicReference<List<String>> notReady = new AtomicReference<>(List.of());
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HttpClient http = HttpClient.newHttpClient();
    private OperatorEndpoints endpoints;

    @BeforeEach
    void start() throws IOException {
        endpoints = OperatorEndpoints.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new OperatorEndpoints.Health() {
                    @Override
                    public boolean alive() {
                        return alive.get();
                    }

                    @Override
                    public List<String> notReady() {
                        return notReady.get();
                    }
                }, registry);
    }

    @AfterEach
    void stop() {
        endpoints.close();
    }

    @Test
    void shouldAnswerHealthzByWhetherTheOperatorStarted() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(503);

        alive.set(true);

        HttpResponse<String> response = get("/healthz");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("ok\n");
    }

    @Test
    void shouldAnswerReadyzWith503AndTheReasonsUntilReady() throws Exception {
        notReady.set(List.of("controller aigateway: event source rules is UNHEALTHY"));
        HttpResponse<String> unready = get("/readyz");
        assertThat(unready.statusCode()).isEqualTo(503);
        assertThat(unready.body()).contains("event source rules is UNHEALTHY");

        notReady.set(List.of());

        assertThat(get("/readyz").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldServeTheRegistryInPrometheusTextFormat() throws Exception {
        registry.counter("operator.sdk.reconciliations.success", "kind", "AIGateway").increment(3);

        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains(OperatorEndpoints.PROMETHEUS_TEXT);
        assertThat(response.body()).contains("operator_sdk_reconciliations_success_total{kind=\"AIGateway\"} 3.0");
    }

    @Test
    void shouldAnswer404ForOtherPathsAnd405ForOtherMethods() throws Exception {
        assertThat(get("/healthzz").statusCode()).isEqualTo(404);
        assertThat(get("/").statusCode()).isEqualTo(404);
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(uri("/readyz"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + endpoints.port() + path);
    }
}
