package io.aigateway.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Target;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.Scrape;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ProxyMetricsTest {

    private final ProxyMetrics metrics = new ProxyMetrics(2);
    private final Target target = Configs.target("primary", 9);
    private final RequestLabels labels = new RequestLabels("gw", "chat", "chat", metrics.modelLabel("gpt-4o"));

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void shouldExportRequestsUnderPrometheusAndOpenTelemetryNames() {
        metrics.request(labels, target, 200, TimeUnit.MILLISECONDS.toNanos(30));
        metrics.request(labels, null, 401, TimeUnit.MILLISECONDS.toNanos(1));
        metrics.timeToFirstToken(labels, target, TimeUnit.MILLISECONDS.toNanos(7));
        metrics.attempt(labels, target, "", TimeUnit.MILLISECONDS.toNanos(25));
        metrics.tokens(labels, target, 9, 12);
        metrics.failover(labels, "primary", "secondary", "status");

        Scrape scrape = new Scrape(metrics.scrape());

        assertThat(scrape.sum("aigw_requests_total", "gateway", "gw", "rule", "chat", "provider", "openai",
                "target", "primary", "model", "gpt-4o", "status_class", "2xx")).isEqualTo(1);
        assertThat(scrape.sum("aigw_requests_total", "provider", "none", "target", "none", "status_class", "4xx"))
                .isEqualTo(1);
        assertThat(scrape.type("gen_ai_server_request_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.sum("gen_ai_server_request_duration_seconds_bucket", "target", "primary", "le", "0.04",
                "gen_ai_operation_name", "chat", "gen_ai_provider_name", "openai", "gen_ai_request_model", "gpt-4o",
                "error_type", "")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_server_request_duration_seconds_bucket", "target", "primary", "le", "0.02"))
                .isZero();
        assertThat(scrape.sum("gen_ai_server_request_duration_seconds_count", "error_type", "401")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_server_time_to_first_token_seconds_bucket", "le", "0.01")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_count", "server_address", "127.0.0.1",
                "error_type", "")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type", "input")).isEqualTo(9);
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", "gen_ai_token_type", "output")).isEqualTo(12);
        assertThat(scrape.sum("gen_ai_client_token_usage_bucket", "gen_ai_token_type", "output", "le", "16.0"))
                .isEqualTo(1);
        assertThat(scrape.sum("aigw_failovers_total", "from", "primary", "to", "secondary", "reason", "status"))
                .isEqualTo(1);
    }

    @Test
    void shouldExportJvmAndProcessBasics() {
        Scrape scrape = new Scrape(metrics.scrape());
        assertThat(scrape.find("jvm_memory_used_bytes")).isNotEmpty();
        assertThat(scrape.find("jvm_threads_live_threads")).isNotEmpty();
        assertThat(scrape.find("process_cpu_usage")).isNotEmpty();
        assertThat(scrape.find("process_uptime_seconds")).isNotEmpty();
    }

    @Test
    void shouldBoundTheModelLabel() {
        metrics.request(labels.withModel(metrics.modelLabel("claude")), target, 200, 1);
        metrics.request(labels.withModel(metrics.modelLabel("llama")), target, 200, 1);
        metrics.request(labels.withModel(metrics.modelLabel("mistral")), target, 200, 1);

        Scrape scrape = new Scrape(metrics.scrape());

        assertThat(scrape.find("aigw_requests_total")).extracting(s -> s.labels().get("model"))
                .containsExactlyInAnyOrder("claude", ModelLabels.OTHER);
        assertThat(scrape.sum("aigw_requests_total", "model", ModelLabels.OTHER)).isEqualTo(2);
    }

    @Test
    void shouldNameTheOperationFromThePath() {
        assertThat(RequestLabels.operationOf("/v1/chat/completions")).isEqualTo("chat");
        assertThat(RequestLabels.operationOf("/v1/messages")).isEqualTo("chat");
        assertThat(RequestLabels.operationOf("/v1/embeddings")).isEqualTo("embeddings");
        assertThat(RequestLabels.operationOf("/v1/completions")).isEqualTo("text_completion");
        assertThat(RequestLabels.operationOf("/v1/models")).isEqualTo("other");
    }
}
