package io.aigateway.proxy.metrics;

import static io.aigateway.proxy.support.Configs.route;
import static io.aigateway.proxy.support.Configs.target;
import static io.aigateway.proxy.support.Configs.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Service;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.MutableConfigSource;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.Scrape;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Traffic through a proxy to fake upstreams ({@code a} the primary, {@code b} the secondary, plus an Anthropic one), then {@code /metrics} scraped: a passthrough answer, a stream, a
 * translated answer, a failover and a refusal each show in the counters, histograms and token sums with their labels,
 * and the target health gauge follows the targets' health and the config.
 */
class MetricsIT extends TwoUpstreams {

    private static final String CHAT = "/v1/chat/completions";

    private FakeUpstream primary;
    private FakeUpstream secondary;
    private FakeUpstream claude;
    private MutableConfigSource source;

    @BeforeEach
    void start() throws Exception {
        primary = a;
        secondary = b;
        claude = FakeUpstream.start(vertx, "claude");
        primary.behave(json(completion(11, 7)));
        secondary.behave(json(completion(11, 7)));
        claude.behave(json(StrictAnthropic.message("msg_1", "Hello", "end_turn", StrictAnthropic.usage(20, 8, 0))
                .encode()));
        source = new MutableConfigSource(Configs.json(config(true)), Map.of());
        h = ProxyHarness.start(vertx, source);
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.currentConfig() != null);
    }

    @Test
    void shouldCountTrafficWithItsLabelsAndTokens() throws Exception {
        assertThat(h.chat("gpt-4o").statusCode()).isEqualTo(200);
        primary.behave((req, body) -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .setChunked(true)
                .write("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}],\"usage\":null}\n\n")
                .compose(v -> req.response().end("data: {\"choices\":[],\"usage\":{\"prompt_tokens\":5,"
                        + "\"completion_tokens\":3,\"total_tokens\":8}}\n\ndata: [DONE]\n\n")));
        HttpResponse<String> stream = h.post(CHAT, "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[]}",
                "Authorization", "Bearer " + Configs.CLIENT_KEY);
        assertThat(stream.body()).endsWith("data: [DONE]\n\n");
        HttpResponse<String> translated = h.post("/anth" + CHAT, "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":"
                + "10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "Authorization",
                "Bearer " + Configs.CLIENT_KEY);
        assertThat(translated.statusCode()).as(translated.body()).isEqualTo(200);
        assertThat(h.post(CHAT, "{}", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);

        Scrape scrape = scrapeOnceAnswered(4);

        assertThat(scrape.sum("aigw_requests_total", "gateway", "gw", "rule", "chat", "provider", "openai",
                "target", "primary", "model", "gpt-4o", "status_class", "2xx")).isEqualTo(2);
        assertThat(scrape.sum("aigw_requests_total", "rule", "translated", "provider", "anthropic", "target",
                "claude", "model", "claude-sonnet-4-5", "status_class", "2xx")).isEqualTo(1);
        assertThat(scrape.sum("aigw_requests_total", "rule", "chat", "provider", "none", "target", "none",
                "model", "none", "status_class", "4xx")).isEqualTo(1);

        assertThat(scrape.type("gen_ai_server_request_duration_seconds")).isEqualTo("histogram");
        assertThat(scrape.sum("gen_ai_server_request_duration_seconds_bucket", "rule", "chat", "target", "primary",
                "le", "+Inf")).isEqualTo(2);
        assertThat(scrape.sum("gen_ai_server_request_duration_seconds_count", "rule", "chat", "target", "primary",
                "gen_ai_operation_name", "chat", "gen_ai_provider_name", "openai", "error_type", "")).isEqualTo(2);
        assertThat(scrape.sum("gen_ai_server_time_to_first_token_seconds_count", "rule", "chat", "target",
                "primary")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_server_time_to_first_token_seconds_bucket", "target", "primary", "le",
                "+Inf")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_count", "target", "claude",
                "gen_ai_provider_name", "anthropic", "server_address", "127.0.0.1", "error_type", ""))
                .isEqualTo(1);

        assertThat(scrape.sum("gen_ai_client_token_usage_sum", "target", "primary", "gen_ai_token_type", "input"))
                .isEqualTo(11 + 5);
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", "target", "primary", "gen_ai_token_type", "output"))
                .isEqualTo(7 + 3);
        assertThat(scrape.sum("gen_ai_client_token_usage_count", "target", "primary", "gen_ai_token_type",
                "output")).isEqualTo(2);
        assertThat(scrape.sum("gen_ai_client_token_usage_bucket", "target", "primary", "gen_ai_token_type",
                "output", "le", "4.0")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", "rule", "translated", "target", "claude",
                "gen_ai_token_type", "input")).isEqualTo(20);
        assertThat(scrape.sum("gen_ai_client_token_usage_sum", "rule", "translated", "target", "claude",
                "gen_ai_token_type", "output")).isEqualTo(8);

        assertThat(scrape.sum("aigw_config_reloads_total")).isEqualTo(1);
        assertThat(scrape.sum("aigw_config_refused_total")).isZero();
        assertThat(scrape.sum("aigw_config_loaded")).isEqualTo(1);
    }

    @Test
    void shouldCountAFailoverAndFlipTheHealthGauge() throws Exception {
        assertThat(scrape().sum("aigw_target_healthy", "gateway", "gw", "upstream", "fo", "target", "primary",
                "provider", "openai")).isEqualTo(1);
        primary.behave(FakeUpstream.status(503));

        HttpResponse<String> answer = h.chat("gpt-4o");

        assertThat(answer.headers().firstValue("X-Selected-Target")).hasValue("secondary");
        Scrape scrape = scrapeOnceAnswered(1);
        assertThat(scrape.sum("aigw_failovers_total", "gateway", "gw", "rule", "chat", "from", "primary", "to",
                "secondary", "reason", "status")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_count", "target", "primary",
                "error_type", "status")).isEqualTo(1);
        assertThat(scrape.sum("gen_ai_client_operation_duration_seconds_count", "target", "secondary",
                "error_type", "")).isEqualTo(1);
        assertThat(scrape.sum("aigw_requests_total", "target", "secondary", "status_class", "2xx")).isEqualTo(1);
        assertThat(scrape.sum("aigw_target_healthy", "target", "primary")).isZero();
        assertThat(scrape.sum("aigw_target_healthy", "target", "secondary")).isEqualTo(1);
    }

    @Test
    void shouldDropTheHealthOfTargetsThatLeftTheConfig() throws Exception {
        assertThat(scrape().find("aigw_target_healthy", "target", "claude")).hasSize(1);

        source.push(Configs.json(config(false)), Map.of());

        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().sum("aigw_config_reloads_total") == 2);
        Scrape scrape = scrape();
        assertThat(scrape.find("aigw_target_healthy", "target", "claude")).isEmpty();
        assertThat(scrape.find("aigw_target_healthy", "target", "primary")).hasSize(1);
    }

    /**
     * A scrape once {@code requests} answers were counted: a request is counted when its response has been written,
     * which can come just after the client has read it.
     */
    private Scrape scrapeOnceAnswered(long requests) {
        return await().atMost(Duration.ofSeconds(10)).until(this::scrape,
                scrape -> scrape.sum("aigw_requests_total") == requests);
    }

    private Scrape scrape() throws Exception {
        HttpResponse<String> metrics = h.admin("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValue(ProxyMetrics.CONTENT_TYPE);
        return new Scrape(metrics.body());
    }

    private RoutingConfig config(boolean withClaude) {
        HealthChecks failFast = new HealthChecks(true, 1, 60);
        Upstream failover = upstream("fo", Algorithm.ROUND_ROBIN, failFast, Configs.TIMEOUTS, 2,
                target("primary", primary.port(), 1, 1), target("secondary", secondary.port(), 1, 2));
        Upstream anthropic = upstream("anth", Algorithm.ROUND_ROBIN, new Target("claude", Provider.ANTHROPIC,
                new Endpoint("http", "127.0.0.1", claude.port(), "/v1"), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), Credentials.NONE, null, null));
        List<Upstream> upstreams = withClaude ? List.of(failover, anthropic) : List.of(failover);
        return Configs.config(List.of(),
                withClaude ? List.of(route("translated", "/anth/v1", "anth-svc"), route("chat", "/v1", "svc"))
                        : List.of(route("chat", "/v1", "svc")),
                withClaude ? List.of(new Service("svc", "fo"), new Service("anth-svc", "anth"))
                        : List.of(new Service("svc", "fo")),
                upstreams, 1024 * 1024);
    }

    private static String completion(int prompt, int completion) {
        return FakeUpstream.chatCompletion("hi").replace("\"prompt_tokens\":1,\"completion_tokens\":1",
                "\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion);
    }

    private static FakeUpstream.Behaviour json(String body) {
        return (req, ignored) -> req.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(body);
    }
}
