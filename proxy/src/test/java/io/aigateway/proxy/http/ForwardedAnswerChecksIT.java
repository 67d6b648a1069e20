package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.support.AnthropicSdk;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.StrictAnthropic;
import io.aigateway.proxy.support.TwoUpstreams;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A target speaking the client's API answers a success the client could not read: the gateway sees it before the
 * first byte reaches the client (its content type; a whole JSON answer's well-formedness) and fails over, as it
 * does for a translated answer. Clients are the official SDKs.
 */
class ForwardedAnswerChecksIT extends TwoUpstreams {

    private OpenAIClient openAi;
    private AnthropicClient anthropic;

    /** a first, then b. */
    private void start(Target first, Target second) throws Exception {
        h = ProxyHarness.start(vertx, Configs.simple(Configs.upstream("u", Algorithm.ROUND_ROBIN, first, second)),
                Map.of());
        openAi = OpenAiSdk.client(h.proxy.port());
        anthropic = AnthropicSdk.client(h.proxy.port());
    }

    private void startOpenAiTargets() throws Exception {
        start(Configs.target("a", a.port(), 1, 1), Configs.target("b", b.port(), 1, 2));
    }

    @AfterEach
    void closeClients() {
        if (openAi != null) {
            openAi.close();
            anthropic.close();
        }
    }

    private static FakeUpstream.Behaviour answering(String contentType, String body) {
        return (req, ignored) -> req.response().putHeader("Content-Type", contentType).end(body);
    }

    private String chat() {
        return openAi.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessage("hi").build()).choices().get(0).message().content().orElse("");
    }

    @Test
    void shouldFailOverFromATruncatedJsonAnswer() throws Exception {
        startOpenAiTargets();
        String whole = FakeUpstream.chatCompletion("a");
        a.behave(answering("application/json", whole.substring(0, whole.length() / 2)));

        assertThat(chat()).isEqualTo("b");
        assertThat(a.received()).hasSize(1);
    }

    @Test
    void shouldFailOverFromJsonWithSomethingAfterIt() throws Exception {
        startOpenAiTargets();
        a.behave(answering("application/json", FakeUpstream.chatCompletion("a") + "<!-- cached -->"));

        assertThat(chat()).isEqualTo("b");
    }

    @Test
    void shouldFailOverFromAnHtmlPageAnsweringAChatRequest() throws Exception {
        startOpenAiTargets();
        a.behave(answering("text/html; charset=utf-8", "<html><body>Sign in to the Wi-Fi</body></html>"));

        assertThat(chat()).isEqualTo("b");
    }

    @Test
    void shouldFailOverFromJsonAnsweringAStreamRequest() throws Exception {
        startOpenAiTargets();
        a.behave(answering("application/json", FakeUpstream.chatCompletion("a")));
        b.behave((req, body) -> req.response().setChunked(true).putHeader("Content-Type", "text/event-stream")
                .end("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                        + "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"b\"},"
                        + "\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));

        OpenAiSdk.Collected streamed = OpenAiSdk.collect(openAi.chat().completions().createStreaming(
                ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("hi").build()));

        assertThat(streamed.text()).isEqualTo("b");
    }

    @Test
    void shouldFailOverFromATruncatedAnthropicMessageForAnAnthropicClient() throws Exception {
        start(claude(a), claude(b));
        String whole = StrictAnthropic.message("msg_a", "from a", "end_turn", StrictAnthropic.usage(1, 1, 0))
                .encode();
        a.behave(answering("application/json", whole.substring(0, whole.length() - 3)));
        b.behave(answering("application/json", StrictAnthropic.message("msg_b", "from b", "end_turn",
                StrictAnthropic.usage(1, 1, 0)).encode()));

        Message message = anthropic.messages().create(MessageCreateParams.builder().model("claude-sonnet-4-5")
                .maxTokens(16).addUserMessage("hi").build());

        assertThat(message.content().get(0).asText().text()).isEqualTo("from b");
    }

    @Test
    void shouldPassAnotherApisAnswerAsItComes() throws Exception {
        startOpenAiTargets();
        String truncated = "{\"object\":\"list\",\"data\":[{\"embedding\":[0.1,";
        a.behave(answering("application/json", truncated));

        // An embedding, a file: the gateway cannot tell what they should be, nor hold one of any size whole.
        HttpResponse<String> r = h.post("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":\"hi\"}",
                "Authorization", "Bearer " + Configs.CLIENT_KEY);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("X-Selected-Target")).contains("a");
        assertThat(r.body()).isEqualTo(truncated);
    }

    @Test
    void shouldReadAnAnswerWithoutContentTypeAsJson() throws Exception {
        startOpenAiTargets();
        a.behave((req, ignored) -> req.response().end("{\"id\":"));

        assertThat(chat()).isEqualTo("b");
    }

    private static Target claude(FakeUpstream fake) {
        return new Target(fake.name(), Provider.ANTHROPIC, new Endpoint("http", "127.0.0.1", fake.port(), "/v1"), null,
                1, fake.name().equals("a") ? 1 : 2, List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null);
    }
}
