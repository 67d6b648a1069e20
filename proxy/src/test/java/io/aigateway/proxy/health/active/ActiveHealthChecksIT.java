package io.aigateway.proxy.health.active;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.ActiveHealthCheck;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Target;
import io.aigateway.proxy.health.ActiveCheckResult;
import io.aigateway.proxy.health.CircuitBreaker.Phase;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.FakeUpstream.Received;
import io.aigateway.proxy.support.MutableConfigSource;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.Scrape;
import io.aigateway.proxy.support.TwoUpstreams;
import io.vertx.core.http.HttpHeaders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Active health checks through the proxy: {@code a} and {@code b} share a round-robin tier; each is probed every
 * second ({@code GET /v1/models}, the OpenAI models listing) with its own provider key. The breaker opens after 2
 * failed probes and stays open 2 s, so failing probes keep it open. Clients use the OpenAI SDK.
 */
class ActiveHealthChecksIT extends TwoUpstreams {

    private static final HealthChecks PROBED = new HealthChecks(true, 2, 2, 1, 1,
            new ActiveHealthCheck(1, 1, null, 200));
    private static final Map<String, String> KEYS = Map.of("u.a.apiKey", "sk-provider-a", "u.b.apiKey",
            "sk-provider-b");

    private MutableConfigSource source;
    private OpenAIClient client;

    private static Target keyed(String name, int port) {
        return Configs.withCredentials(target(name, port), new Credentials("u." + name + ".apiKey", null, null, null));
    }

    private String routing(HealthChecks health) {
        return Configs.json(Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, health, Configs.TIMEOUTS, 2,
                keyed("a", a.port()), keyed("b", b.port()))));
    }

    private void start() throws Exception {
        source = new MutableConfigSource(routing(PROBED), KEYS);
        h = ProxyHarness.start(vertx, source);
        await().atMost(Duration.ofSeconds(10)).until(() -> h.proxy.currentConfig() != null);
        client = OpenAiSdk.client(h.proxy.port());
    }

    private TargetHealth.Snapshot healthOf(String target) {
        return h.proxy.health().snapshot().get(new TargetKey("u", target));
    }

    private String chat() {
        return client.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("hi").build()).choices().get(0).message().content().orElseThrow();
    }

    private static List<Received> userRequests(FakeUpstream fake) {
        return fake.received().stream().filter(r -> r.method().equals("POST")).toList();
    }

    private static List<Received> probes(FakeUpstream fake) {
        return fake.received().stream().filter(r -> r.method().equals("GET")).toList();
    }

    /** Answers the models listing with {@code status}, and chat completions as the fake does. */
    private static FakeUpstream.Behaviour models(int status, FakeUpstream fake) {
        FakeUpstream.Behaviour chat = fake.ok();
        return (req, body) -> {
            if (req.path().equals("/v1/models")) {
                req.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end("{\"object\":\"list\",\"data\":[]}");
            } else {
                chat.respond(req, body);
            }
        };
    }

    @Test
    void shouldTakeADeadTargetOutWithoutAnyUserRequestFailingAndBringItBack() throws Exception {
        a.behave(models(200, a));
        b.behave(FakeUpstream.status(503));
        start();

        await().atMost(Duration.ofSeconds(15)).until(() -> healthOf("b").breaker() == Phase.OPEN);
        List<String> served = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            served.add(chat());
        }

        assertThat(served).as("every request answered, by a").containsOnly("a");
        assertThat(userRequests(b)).as("no user request reached the dead target").isEmpty();
        ActiveCheckResult check = healthOf("b").lastActiveCheck();
        assertThat(check.error()).isEqualTo("503");
        assertThat(check.latency()).isPositive();
        assertThat(healthOf("a").lastActiveCheck().passed()).isTrue();

        b.behave(models(200, b));
        await().atMost(Duration.ofSeconds(15)).until(() -> healthOf("b").breaker() == Phase.CLOSED);
        served.clear();
        for (int i = 0; i < 4; i++) {
            served.add(chat());
        }
        assertThat(served).as("b is back in the round-robin").contains("a", "b");

        Scrape metrics = new Scrape(h.admin("/metrics").body());
        assertThat(metrics.sum("aigw_active_checks_seconds_count", "upstream", "u", "target", "b", "result", "fail"))
                .isGreaterThanOrEqualTo(2);
        assertThat(metrics.sum("aigw_active_checks_seconds_count", "upstream", "u", "target", "b", "result", "pass"))
                .isGreaterThanOrEqualTo(1);
        assertThat(metrics.sum("aigw_breaker_transitions_total", "upstream", "u", "target", "b", "state", "open"))
                .isEqualTo(1);
    }

    @Test
    void shouldProbeTheModelsListingWithTheTargetsOwnKey() throws Exception {
        a.behave(models(200, a));
        b.behave(models(200, b));
        start();

        await().atMost(Duration.ofSeconds(10)).until(() -> !probes(a).isEmpty() && !probes(b).isEmpty());

        Received probe = probes(b).get(0);
        assertThat(probe.uri()).isEqualTo("/v1/models");
        assertThat(probe.headers().get("Authorization")).isEqualTo("Bearer sk-provider-b");
        assertThat(probes(a).get(0).headers().get("Authorization")).isEqualTo("Bearer sk-provider-a");
        assertThat(userRequests(a)).isEmpty();
    }

    @Test
    void shouldFailTheProbesOfATargetWhoseKeyNoHeaderCanCarryAndKeepProbing() throws Exception {
        a.behave(models(200, a));
        b.behave(models(200, b));
        source = new MutableConfigSource(routing(PROBED), Map.of("u.a.apiKey", "sk-provider-a", "u.b.apiKey",
                "sk-provider\nb"));
        h = ProxyHarness.start(vertx, source);
        client = OpenAiSdk.client(h.proxy.port());

        await().atMost(Duration.ofSeconds(15)).until(() -> healthOf("b") != null
                && healthOf("b").breaker() == Phase.OPEN);

        assertThat(healthOf("b").lastActiveCheck().error()).isEqualTo("credentials unusable");
        assertThat(probes(b)).as("nothing sent").isEmpty();
        assertThat(chat()).isEqualTo("a");
        assertThat(h.proxy.activeChecks().probedTargets()).isEqualTo(2);
    }

    @Test
    void shouldStopProbingWhenTheRevisionDropsThemAndWhenTheProxyCloses() throws Exception {
        a.behave(models(200, a));
        b.behave(models(200, b));
        start();
        ActiveHealthChecks checks = h.proxy.activeChecks();
        await().atMost(Duration.ofSeconds(10)).until(() -> !probes(a).isEmpty());
        assertThat(checks.probedTargets()).isEqualTo(2);

        source.push(routing(new HealthChecks(true, 2, 2)), KEYS);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.probedTargets() == 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.pendingTimers() == 0);

        source.push(routing(PROBED), KEYS);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.probedTargets() == 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> checks.pendingTimers() == 2);

        h.close();
        h = null;
        assertThat(checks.pendingTimers()).as("no timer left behind").isZero();
    }
}
