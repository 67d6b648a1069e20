package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.openai.client.OpenAIClient;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.HealthChecks;
import io.aigateway.proxy.health.CircuitBreaker.Phase;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.Scrape;
import io.aigateway.proxy.support.TwoUpstreams;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The circuit breaker through the proxy, with the OpenAI SDK as the client: target {@code a} (priority 1) in front
 * of {@code b} (priority 2). The breaker's interval is 1 s, the shortest a user can set; the test waits for the
 * phase it expects rather than for a time.
 */
class CircuitBreakerIT extends TwoUpstreams {

    private OpenAIClient client;

    private void start(HealthChecks health) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, health,
                Configs.TIMEOUTS, 2, target("a", a.port(), 1, 1), target("b", b.port(), 1, 2))), Map.of());
        client = OpenAiSdk.client(h.proxy.port());
    }

    /** The content of the answer: the name of the fake that served it. */
    private String chat() {
        ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("hi").build());
        return c.choices().get(0).message().content().orElseThrow();
    }

    private TargetHealth.Snapshot healthOfA() {
        return h.proxy.health().snapshot().get(new TargetKey("u", "a"));
    }

    private double transitions(String state) throws Exception {
        return new Scrape(h.admin("/metrics").body()).sum("aigw_breaker_transitions_total", "upstream", "u",
                "target", "a", "state", state);
    }

    @Test
    void shouldOpenHalfOpenAndCloseAfterSuccessThreshold() throws Exception {
        // failureThreshold 2, timeout 1 s, successThreshold 2, one trial at a time.
        start(new HealthChecks(true, 2, 1, 2, 1, null));
        a.behave(FakeUpstream.status(500));

        assertThat(chat()).isEqualTo("b");
        assertThat(chat()).isEqualTo("b");
        assertThat(healthOfA().breaker()).isEqualTo(Phase.OPEN);
        assertThat(chat()).as("open: a is skipped").isEqualTo("b");
        assertThat(a.received()).hasSize(2);

        a.behave(a.ok());
        await().atMost(Duration.ofSeconds(10)).until(() -> healthOfA().breaker() == Phase.HALF_OPEN);
        assertThat(chat()).as("the first trial").isEqualTo("a");
        assertThat(healthOfA().breaker()).as("one success of two").isEqualTo(Phase.HALF_OPEN);
        assertThat(chat()).as("the second trial").isEqualTo("a");

        assertThat(healthOfA().breaker()).isEqualTo(Phase.CLOSED);
        assertThat(chat()).isEqualTo("a");
        assertThat(transitions("open")).isEqualTo(1);
        assertThat(transitions("half-open")).isEqualTo(1);
        assertThat(transitions("closed")).isEqualTo(1);
    }

    @Test
    void shouldOpenAgainWhenATrialFails() throws Exception {
        start(new HealthChecks(true, 1, 1, 1, 1, null));
        a.behave(FakeUpstream.status(502));
        assertThat(chat()).isEqualTo("b");
        await().atMost(Duration.ofSeconds(10)).until(() -> healthOfA().breaker() == Phase.HALF_OPEN);

        assertThat(chat()).as("the trial fails over").isEqualTo("b");

        assertThat(a.received()).hasSize(2);
        assertThat(healthOfA().breaker()).isEqualTo(Phase.OPEN);
        assertThat(chat()).isEqualTo("b");
        assertThat(a.received()).hasSize(2);
    }

    @Test
    void shouldNotOpenOnAClientErrorOr429() throws Exception {
        // A threshold of 1: any counted failure would open it.
        start(new HealthChecks(true, 1, 60));
        a.behave(FakeUpstream.status(400));

        assertThatThrownBy(this::chat).isInstanceOf(BadRequestException.class);
        assertThat(healthOfA().breaker()).isEqualTo(Phase.CLOSED);
        assertThat(healthOfA().consecutiveFailures()).isZero();

        a.behave(FakeUpstream.status(429));
        assertThat(chat()).as("a 429 fails over").isEqualTo("b");
        assertThat(healthOfA().breaker()).as("a limit, not a fault").isEqualTo(Phase.CLOSED);
        assertThat(healthOfA().consecutiveFailures()).isZero();
        assertThat(transitions("open")).isZero();
    }
}
