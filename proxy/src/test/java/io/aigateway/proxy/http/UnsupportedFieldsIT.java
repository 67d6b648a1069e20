package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.core.http.HttpResponseFor;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.model.UnsupportedFields;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.StrictOpenAi;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The OpenAI SDK asks for {@code logprobs} from one round-robin upstream mixing an OpenAI target, which honours
 * them, and an Anthropic target, which cannot: under {@code unsupportedFields: refuse} every request goes to OpenAI,
 * under {@code drop} either target serves and the Anthropic answers name what was left out; when no target honours
 * the field, the client gets one 400 naming it and the targets. The same holds for the Anthropic SDK asking for
 * {@code top_k}, which the Anthropic target honours and the OpenAI one cannot.
 */
class UnsupportedFieldsIT extends SdkThroughProxy {

    private static final String ANTHROPIC_KEY = "sk-ant-upstream-key";
    private static final int REQUESTS = 10;

    private StrictOpenAi openai;
    private StrictAnthropic anthropic;

    @BeforeEach
    void startFakes() throws Exception {
        openai = StrictOpenAi.start(vertx, "openai", false);
        anthropic = StrictAnthropic.start(vertx, ANTHROPIC_KEY);
    }

    private Target claude(String name) {
        return new Target(name, Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", anthropic.port(), "/v1"),
                null, 1, 1, List.of(), null, Map.of(), Map.of(), new Credentials("u.claude.apiKey", null, null, null),
                null, null);
    }

    private void start(UnsupportedFields mode, Target... targets) throws Exception {
        Upstream upstream = Configs.withUnsupportedFields(Configs.upstream("u", Algorithm.ROUND_ROBIN, targets), mode);
        h = ProxyHarness.start(vertx, Configs.simple(upstream), Map.of("u.claude.apiKey", ANTHROPIC_KEY));
        sdk = OpenAiSdk.client(h.proxy.port());
    }

    private void startMixed(UnsupportedFields mode) throws Exception {
        start(mode, claude("claude"), new Target("openai", Provider.OPENAI,
                new Endpoint("http", "127.0.0.1", openai.port(), "/v1"), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), Credentials.NONE, null, null));
    }

    private HttpResponseFor<ChatCompletion> askWithLogprobs() {
        return sdk.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Say hello").logprobs(true).build());
    }

    @Test
    void refuseSendsEveryRequestToTheTargetThatHonoursTheField() throws Exception {
        startMixed(null);

        for (int i = 0; i < REQUESTS; i++) {
            HttpResponseFor<ChatCompletion> raw = askWithLogprobs();
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(raw.headers().values("X-Selected-Target")).containsExactly("openai");
            assertThat(raw.headers().values(UpstreamAttempt.DROPPED_FIELDS)).isEmpty();
            raw.parse();
        }
        assertThat(openai.received()).hasSize(REQUESTS);
        assertThat(openai.lastBody().getBoolean("logprobs")).isTrue();
        assertThat(anthropic.received()).isEmpty();
    }

    @Test
    void dropLetsEitherTargetServeAndSaysWhatWasLeftOut() throws Exception {
        startMixed(UnsupportedFields.DROP);

        Map<String, Integer> served = new HashMap<>();
        for (int i = 0; i < REQUESTS; i++) {
            HttpResponseFor<ChatCompletion> raw = askWithLogprobs();
            assertThat(raw.statusCode()).isEqualTo(200);
            String target = raw.headers().values("X-Selected-Target").get(0);
            served.merge(target, 1, Integer::sum);
            assertThat(raw.headers().values(UpstreamAttempt.DROPPED_FIELDS))
                    .isEqualTo("claude".equals(target) ? List.of("logprobs") : List.of());
            raw.parse();
        }
        assertThat(served).containsEntry("claude", REQUESTS / 2).containsEntry("openai", REQUESTS / 2);
        assertThat(anthropic.received()).allSatisfy(r -> assertThat(new JsonObject(r.body()).containsKey("logprobs"))
                .isFalse());
        assertThat(openai.lastBody().getBoolean("logprobs")).isTrue();
    }

    /** Which target answered one request, and the fields left out for it. */
    private record Served(String target, List<String> dropped) {
    }

    private List<Served> askClaudeWithTopK() {
        AnthropicClient client = AnthropicSdk.client(h.proxy.port());
        try {
            List<Served> served = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                var raw = client.messages().withRawResponse().create(MessageCreateParams.builder()
                        .model("claude-sonnet-4-5").maxTokens(64).addUserMessage("Say hello")
                        .putAdditionalBodyProperty("top_k", JsonValue.from(40)).build());
                assertThat(raw.statusCode()).isEqualTo(200);
                raw.parse();
                served.add(new Served(raw.headers().values("X-Selected-Target").get(0),
                        raw.headers().values(UpstreamAttempt.DROPPED_FIELDS)));
            }
            return served;
        } finally {
            client.close();
        }
    }

    @Test
    void refuseSendsEveryAnthropicRequestToTheTargetThatHonoursTheField() throws Exception {
        startMixed(null);

        assertThat(askClaudeWithTopK()).containsOnly(new Served("claude", List.of()));
        assertThat(anthropic.received()).hasSize(REQUESTS)
                .allSatisfy(r -> assertThat(new JsonObject(r.body()).getInteger("top_k")).isEqualTo(40));
        assertThat(openai.received()).isEmpty();
    }

    @Test
    void dropLetsEitherTargetServeAnAnthropicClientAndSaysWhatWasLeftOut() throws Exception {
        startMixed(UnsupportedFields.DROP);

        List<Served> served = askClaudeWithTopK();

        assertThat(served).filteredOn(s -> s.target().equals("openai")).hasSize(REQUESTS / 2)
                .allSatisfy(s -> assertThat(s.dropped()).containsExactly("top_k"));
        assertThat(served).filteredOn(s -> s.target().equals("claude")).hasSize(REQUESTS / 2)
                .allSatisfy(s -> assertThat(s.dropped()).isEmpty());
        assertThat(openai.received()).allSatisfy(r -> assertThat(new JsonObject(r.body()).containsKey("top_k"))
                .isFalse());
    }

    @Test
    void refuseWithNoTargetThatHonoursTheFieldNamesItAndTheTargets() throws Exception {
        start(null, claude("claude"), claude("claude-backup"));

        assertThatThrownBy(this::askWithLogprobs).isInstanceOfSatisfying(BadRequestException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.param()).hasValue("logprobs");
            assertThat(e.getMessage()).contains("claude: logprobs", "claude-backup: logprobs");
        });
        assertThat(anthropic.received()).isEmpty();
    }
}
