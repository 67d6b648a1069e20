package io.aigateway.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.AggregatedMetrics;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.monitoring.micrometer.MicrometerMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The operator's endpoints on a running operator, with its meter registry wired as {@code main} wires it. */
class OperatorEndpointsIT extends OperatorITBase {

    private final PrometheusMeterRegistry registry = AIGatewayOperator.newMeterRegistry();
    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected Metrics metrics() {
        return new AggregatedMetrics(List.of(super.metrics(), MicrometerMetrics.withoutPerResourceMetrics(registry)));
    }

    @Test
    void shouldReportReadyAndServeJosdkReconcileCountersAfterAReconcile() throws Exception {
        try (OperatorEndpoints endpoints = start(operator())) {
            assertThat(get(endpoints, "/healthz").statusCode()).isEqualTo(200);
            assertThat(get(endpoints, "/readyz").statusCode()).isEqualTo(200);

            applySample("round-robin");
            eventually().until(() -> reconciles.of(AIGateway.class, namespace, "multi-provider") > 0);

            eventually().untilAsserted(() -> assertThat(get(endpoints, "/metrics").body().lines()
                    .filter(line -> line.startsWith("operator_sdk_reconciliations_success_total")))
                    .anySatisfy(line -> assertThat(line).contains("AIGateway")));
            String metrics = get(endpoints, "/metrics").body();
            assertThat(metrics).contains("jvm_memory_used_bytes", "process_uptime_seconds");
        }
    }

    @Test
    void shouldReportNeitherAliveNorReadyBeforeTheOperatorStarts() throws Exception {
        Operator notStarted = new Operator(o -> o.withKubernetesClient(client).withCloseClientOnStop(false));
        try (OperatorEndpoints endpoints = start(notStarted)) {
            assertThat(get(endpoints, "/healthz").statusCode()).isEqualTo(503);
            HttpResponse<String> readyz = get(endpoints, "/readyz");
            assertThat(readyz.statusCode()).isEqualTo(503);
            assertThat(readyz.body()).contains("has not started");
        }
    }

    private OperatorEndpoints start(Operator operator) throws Exception {
        return OperatorEndpoints.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new OperatorHealth(operator), registry);
    }

    private HttpResponse<String> get(OperatorEndpoints endpoints, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoints.port() + path)).GET()
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
