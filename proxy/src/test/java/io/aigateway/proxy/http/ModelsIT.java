package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.Configs.target;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.models.Model;
import io.aigateway.model.Algorithm;
import io.aigateway.model.HealthChecks;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelsIT extends TwoUpstreams {

    @Test
    void shouldListTheModelsOfTheHealthyTargetsOnly() throws Exception {
        // b first (priority 1), a behind it; one failure takes b out.
        var upstream = Configs.upstream("u", Algorithm.ROUND_ROBIN, new HealthChecks(true, 1, 60), Configs.TIMEOUTS,
                2, Configs.withModels(target("a", a.port(), 1, 2), List.of("gpt-4o", "gpt-4o-mini"), "gpt-4o-mini"),
                Configs.withModels(target("b", b.port(), 1, 1), List.of("llama-3.1-8b"), null));
        h = ProxyHarness.start(vertx, Configs.simple(upstream), Map.of());
        OpenAIClient sdk = OpenAIOkHttpClient.builder()
                .baseUrl("http://127.0.0.1:" + h.proxy.port() + "/v1")
                .apiKey(Configs.CLIENT_KEY).maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        try {

            assertThat(sdk.models().list().data()).extracting(Model::id)
                    .containsExactly("gpt-4o", "gpt-4o-mini", "llama-3.1-8b");

            b.behave(FakeUpstream.status(500));
            assertThat(h.chat("gpt-4o").statusCode()).isEqualTo(200);

            assertThat(sdk.models().list().data()).extracting(Model::id).containsExactly("gpt-4o", "gpt-4o-mini");
            assertThat(sdk.models().list().data()).extracting(Model::ownedBy).containsOnly("openai");
        } finally {
            sdk.close();
        }
        assertThat(a.received()).extracting(FakeUpstream.Received::method).containsOnly("POST");
    }
}
