package io.aigateway.proxy.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.Translators;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Anthropic Messages client to an OpenAI Chat Completions target, on fixtures from both providers' documentation. */
class AnthropicToOpenAiTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "/provider/anthropic-to-openai/";

    private static Target target(Provider provider, String basePath, String path, Map<String, String> headers,
            Credentials credentials) {
        return new Target("t", provider, new Endpoint("https", "api.example.com", 443, basePath), path, 1, 1,
                List.of(), null, headers, Map.of(), credentials, null, null);
    }

    private static Target openAi() {
        return target(Provider.OPENAI, "/v1", null, Map.of(), Credentials.NONE);
    }

    private static String fixture(String name) {
        try (InputStream in = AnthropicToOpenAiTranslatorTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClientRequest anthropic(String fixture) {
        ObjectNode body = (ObjectNode) json(fixture(fixture));
        return new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, body.path("stream").asBoolean(false));
    }

    @Test
    void shouldTranslateSystemToolsAndAToolRoundTripWithIdsPaired() {
        ClientRequest request = anthropic("request-tool-round-trip.json");
        String before = request.body().toString();

        UpstreamCall call = new AnthropicToOpenAiTranslator().request(request, openAi(), "gpt-4o");

        assertThat(call.path()).isEqualTo("/v1/chat/completions");
        assertThat(call.headers().get("content-type")).isEqualTo("application/json");
        assertThat(json(call.body().toString())).isEqualTo(json(fixture("request-tool-round-trip.openai.json")));
        assertThat(request.body().toString()).as("the client's request is never mutated").isEqualTo(before);
    }

    @Test
    void shouldTranslateBase64AndUrlImagesAndAskForStreamUsage() {
        Target compatible = target(Provider.OPENAI_COMPATIBLE, "/api", null, Map.of(), Credentials.NONE);

        UpstreamCall call = new AnthropicToOpenAiTranslator().request(anthropic("request-images.json"), compatible,
                "gpt-4o");

        assertThat(call.path()).isEqualTo("/api/chat/completions");
        assertThat(json(call.body().toString())).isEqualTo(json(fixture("request-images.openai.json")));
    }

    @Test
    void shouldUseTheTargetsFixedPath() {
        Target fixed = target(Provider.OPENAI, "/v1", "/custom/chat", Map.of(), Credentials.NONE);

        UpstreamCall call = new AnthropicToOpenAiTranslator().request(anthropic("request-images.json"), fixed, "m");

        assertThat(call.path()).isEqualTo("/custom/chat");
    }

    @Test
    void shouldRefuseTopKForOpenAiButPassItToCompatibleServers() {
        ObjectNode body = (ObjectNode) json(fixture("request-images.json"));
        body.put("top_k", 40);
        ClientRequest request = new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, true);

        assertThatThrownBy(() -> new AnthropicToOpenAiTranslator().request(request, openAi(), "gpt-4o"))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo("top_k"));
        UpstreamCall call = new AnthropicToOpenAiTranslator().request(request,
                target(Provider.OPENAI_COMPATIBLE, "/v1", null, Map.of(), Credentials.NONE), "llama");
        assertThat(json(call.body().toString()).path("top_k").asInt()).isEqualTo(40);
    }

    @Test
    void shouldRefuseServerToolsAThinkingBudgetBelowAnthropicsMinimumAndDocuments() {
        ObjectNode tools = (ObjectNode) json("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}");
        ObjectNode thinking = (ObjectNode) json("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":512}}");
        ObjectNode document = (ObjectNode) json("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\","
                + "\"data\":\"x\"}}]}]}");

        assertThat(refusedField(tools)).isEqualTo("tools[0].type");
        assertThat(refusedField(thinking)).isEqualTo("thinking.budget_tokens");
        assertThat(refusedField(document)).isEqualTo("messages[0].content[0].type");
    }

    @Test
    void shouldMapAThinkingBudgetToOpenAisReasoningEffort() {
        ObjectNode body = (ObjectNode) json("{\"model\":\"m\",\"max_tokens\":9000,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":8000}}");

        UpstreamCall call = new AnthropicToOpenAiTranslator().request(
                new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, false), openAi(), "o4-mini");

        JsonNode sent = json(call.body().toString());
        assertThat(sent.path("reasoning_effort").asText()).isEqualTo("medium");
        assertThat(sent.has("reasoning_budget_tokens")).isFalse();
    }

    private static String refusedField(ObjectNode body) {
        try {
            new AnthropicToOpenAiTranslator().request(new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, false),
                    openAi(), "gpt-4o");
        } catch (TranslationException e) {
            return e.field();
        }
        throw new AssertionError("not refused");
    }

    @Test
    void shouldMapToolChoices() {
        assertThat(toolChoice("{\"type\":\"any\"}")).isEqualTo(json("\"required\""));
        assertThat(toolChoice("{\"type\":\"none\"}")).isEqualTo(json("\"none\""));
        assertThat(toolChoice("{\"type\":\"tool\",\"name\":\"get_weather\"}"))
                .isEqualTo(json("{\"type\":\"function\",\"function\":{\"name\":\"get_weather\"}}"));
    }

    private static JsonNode toolChoice(String choice) {
        ObjectNode body = (ObjectNode) json(fixture("request-tool-round-trip.json"));
        body.set("tool_choice", json(choice));
        UpstreamCall call = new AnthropicToOpenAiTranslator().request(
                new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, false), openAi(), "gpt-4o");
        return json(call.body().toString()).get("tool_choice");
    }

    @Test
    void shouldTranslateATextAnswerWithUsage() {
        Buffer out = new AnthropicToOpenAiTranslator().response(Buffer.buffer(fixture("response-text.openai.json")));

        assertThat(json(out.toString())).isEqualTo(json(fixture("response-text.json")));
    }

    @Test
    void shouldTranslateToolCallsWithTheirArgumentsAsInputAndCachedTokens() {
        Buffer out = new AnthropicToOpenAiTranslator().response(
                Buffer.buffer(fixture("response-tool-calls.openai.json")));

        assertThat(json(out.toString())).isEqualTo(json(fixture("response-tool-calls.json")));
    }

    @Test
    void shouldCarryASignatureWithoutReasoningTextInAnEmptyThinkingBlockThatGoesBackWithTheCall() {
        ObjectNode completion = (ObjectNode) json(fixture("response-tool-calls.openai.json"));
        ((ObjectNode) completion.at("/choices/0/message")).put("reasoning_signature", "gemini:CiQBsig");

        JsonNode message = json(new AnthropicToOpenAiTranslator().response(Buffer.buffer(completion.toString()))
                .toString());

        assertThat(message.at("/content/0")).isEqualTo(json("{\"type\":\"thinking\",\"thinking\":\"\","
                + "\"signature\":\"gemini:CiQBsig\"}"));
        ObjectNode next = (ObjectNode) json("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Weather?\"}]}");
        next.withArray("messages").addObject().put("role", "assistant").set("content", message.get("content"));
        ObjectNode sent = new AnthropicToOpenAiTranslator().openAiRequest(
                new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, next, false), "m", Provider.GEMINI, true);
        assertThat(sent.at("/messages/1/reasoning_signature").asText()).isEqualTo("gemini:CiQBsig");
    }

    @Test
    void shouldMapFinishReasons() {
        assertThat(AnthropicToOpenAiTranslator.stopReason("stop")).isEqualTo("end_turn");
        assertThat(AnthropicToOpenAiTranslator.stopReason("length")).isEqualTo("max_tokens");
        assertThat(AnthropicToOpenAiTranslator.stopReason("tool_calls")).isEqualTo("tool_use");
        assertThat(AnthropicToOpenAiTranslator.stopReason("content_filter")).isEqualTo("refusal");
    }

    @Test
    void shouldRejectAnAnswerThatIsNotACompletion() {
        assertThatThrownBy(() -> new AnthropicToOpenAiTranslator().response(Buffer.buffer("{\"object\":\"x\"}")))
                .isInstanceOf(ProviderResponseException.class);
        assertThatThrownBy(() -> new AnthropicToOpenAiTranslator().response(Buffer.buffer("not json")))
                .isInstanceOf(ProviderResponseException.class);
    }

    @Test
    void shouldTranslateAStreamInOneChunk() {
        assertThat(translate(List.of(bytes(fixture("stream.openai.sse"))))).isEqualTo(fixture("stream.sse"));
    }

    @Test
    void shouldTranslateAStreamSplitAtEveryBoundaryIdentically() {
        byte[] all = bytes(fixture("stream.openai.sse"));
        String expected = fixture("stream.sse");
        for (int cut = 1; cut < all.length; cut++) {
            byte[] a = java.util.Arrays.copyOfRange(all, 0, cut);
            byte[] b = java.util.Arrays.copyOfRange(all, cut, all.length);
            assertThat(translate(List.of(a, b))).as("split at byte %d", cut).isEqualTo(expected);
        }
    }

    @Test
    void shouldTranslateAStreamInRandomSplitsIdentically() {
        byte[] all = bytes(fixture("stream.openai.sse"));
        String expected = fixture("stream.sse");
        Random random = new Random(42);
        for (int run = 0; run < 200; run++) {
            List<byte[]> pieces = new java.util.ArrayList<>();
            int at = 0;
            while (at < all.length) {
                int n = Math.min(all.length - at, 1 + random.nextInt(40));
                pieces.add(java.util.Arrays.copyOfRange(all, at, at + n));
                at += n;
            }
            assertThat(translate(pieces)).as("run %d", run).isEqualTo(expected);
        }
    }

    @Test
    void shouldEndAStreamWithoutDoneWithAnErrorEventAndNoMessageStop() {
        String withoutDone = fixture("stream.openai.sse").replace("data: [DONE]\n\n", "");
        StreamTranslator stream = new AnthropicToOpenAiTranslator().stream();
        String out = stream.onData(Buffer.buffer(withoutDone)).toString();

        assertThatThrownBy(stream::onEnd).isInstanceOf(ProviderResponseException.class);
        out += stream.cut("the upstream stream broke off").toString();
        assertThat(out).doesNotContain("message_delta").doesNotContain("message_stop")
                .endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                        + "\"message\":\"the upstream stream broke off\"}}\n\n");
        assertThat(stream.cut("again")).hasToString("");
    }

    @Test
    void shouldRefuseACutStream() {
        String cut = fixture("stream.openai.sse");
        cut = cut.substring(0, cut.indexOf("\"finish_reason\":\"tool_calls\""));
        StreamTranslator stream = new AnthropicToOpenAiTranslator().stream();
        stream.onData(Buffer.buffer(cut));

        assertThatThrownBy(stream::onEnd).isInstanceOf(ProviderResponseException.class);
    }

    @Test
    void shouldTurnAnErrorInTheStreamIntoAnErrorEvent() {
        StreamTranslator stream = new AnthropicToOpenAiTranslator().stream();
        String out = stream.onData(Buffer.buffer("data: {\"error\":{\"message\":\"boom\",\"type\":\"server_error\"}}"
                + "\n\n")).toString() + stream.onEnd();

        assertThat(out).isEqualTo("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"boom\"}}\n\n");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String translate(List<byte[]> pieces) {
        StreamTranslator stream = new AnthropicToOpenAiTranslator().stream();
        Buffer out = Buffer.buffer();
        for (byte[] piece : pieces) {
            out.appendBuffer(stream.onData(Buffer.buffer(piece)));
        }
        out.appendBuffer(stream.onEnd());
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldTranslateAnOpenAiErrorIntoAnAnthropicOne() {
        ClientError error = new AnthropicToOpenAiTranslator().error(401, Buffer.buffer(fixture("error-401.openai.json")));

        assertThat(error.status()).isEqualTo(401);
        assertThat(json(error.body().toString())).isEqualTo(json(fixture("error-401.json")));
    }

    @Test
    void shouldAnswerAnUnreadableErrorFromItsStatus() {
        ClientError notFound = new AnthropicToOpenAiTranslator().error(404, Buffer.buffer("<html>nope</html>"));
        ClientError server = new AnthropicToOpenAiTranslator().error(500, Buffer.buffer(""));

        assertThat(notFound.status()).isEqualTo(404);
        assertThat(json(notFound.body().toString()).path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(server.status()).isEqualTo(502);
        assertThat(json(server.body().toString()).path("error").path("type").asText()).isEqualTo("api_error");
    }

    // ------------------------------------------------------------ the other pairs of an Anthropic client

    @Test
    void shouldComposeThroughOpenAiForAnAzureTarget() {
        Target azure = target(Provider.AZURE, "", null, Map.of(), new Credentials(null, null, null,
                new Credentials.AzureCredentials("k", "gpt4o-prod", "2024-10-21")));
        Translator translator = Translators.forAttempt(ClientApi.ANTHROPIC_MESSAGES, azure, Clock.systemUTC());

        UpstreamCall call = translator.request(anthropic("request-tool-round-trip.json"), azure, "gpt-4o");
        Buffer answer = translator.response(Buffer.buffer(fixture("response-tool-calls.openai.json")));
        ClientError error = translator.error(401, Buffer.buffer(fixture("error-401.openai.json")));

        assertThat(translator).isInstanceOf(ViaOpenAiTranslator.class);
        assertThat(call.path()).isEqualTo("/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21");
        assertThat(json(call.body().toString()).path("messages").get(3).path("tool_call_id").asText())
                .isEqualTo("toolu_01A09q90qw90lq917835lq9");
        assertThat(json(answer.toString())).isEqualTo(json(fixture("response-tool-calls.json")));
        assertThat(json(error.body().toString())).isEqualTo(json(fixture("error-401.json")));
    }

    @Test
    void shouldNameWhatEachTargetCannotHonourAsTheAnthropicClientNamedIt() {
        ObjectNode body = (ObjectNode) json("{\"model\":\"m\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}],\"top_k\":40,\"stop_sequences\":[\"END\"]}");
        Target responses = new Target("t", Provider.OPENAI, new Endpoint("https", "api.example.com", 443, "/v1"),
                null, 1, 1, List.of(), null, Map.of(), Map.of("api", "responses"), Credentials.NONE, null, null);
        Target compatible = target(Provider.OPENAI_COMPATIBLE, "/v1", null, Map.of(), Credentials.NONE);

        assertThat(unhonoured(body, openAi())).containsExactly("top_k");
        assertThat(unhonoured(body, responses)).containsExactly("top_k", "stop_sequences");
        assertThat(unhonoured(body, compatible)).isEmpty();
        assertThat(body.has("top_k")).as("the client's request is never mutated").isTrue();
    }

    private static List<String> unhonoured(ObjectNode body, Target target) {
        Translator translator = Translators.forAttempt(ClientApi.ANTHROPIC_MESSAGES, target, Clock.systemUTC());
        return Translators.unhonoured(translator, target, body).stream().map(Translators.Refusal::field).toList();
    }

    @Test
    void shouldComposeAStreamThroughOpenAiForAnAzureTarget() {
        Target azure = target(Provider.AZURE, "", null, Map.of(), new Credentials(null, null, null,
                new Credentials.AzureCredentials("k", "gpt4o-prod", "2024-10-21")));
        Translator translator = Translators.forAttempt(ClientApi.ANTHROPIC_MESSAGES, azure, Clock.systemUTC());
        translator.request(anthropic("request-images.json"), azure, "gpt-4o");
        StreamTranslator stream = translator.stream();
        byte[] all = bytes(fixture("stream.openai.sse"));
        Buffer out = Buffer.buffer();
        for (int i = 0; i < all.length; i += 7) {
            out.appendBuffer(stream.onData(Buffer.buffer(java.util.Arrays.copyOfRange(all, i,
                    Math.min(all.length, i + 7)))));
        }
        out.appendBuffer(stream.onEnd());

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(fixture("stream.sse"));
    }

    @Test
    void shouldPassAnthropicRequestsToAnAnthropicTargetWithTheClientsVersion() {
        Target anthropicTarget = target(Provider.ANTHROPIC, "/v1", null, Map.of(), Credentials.NONE);
        Translator translator = Translators.forAttempt(ClientApi.ANTHROPIC_MESSAGES, anthropicTarget, Clock.systemUTC());
        ObjectNode body = (ObjectNode) json(fixture("request-tool-round-trip.json"));
        MultiMap clientHeaders = MultiMap.caseInsensitiveMultiMap().set("anthropic-version", "2026-10-21")
                .set("anthropic-beta", "prompt-caching-2024-07-31");

        UpstreamCall withVersion = translator.request(new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, false,
                clientHeaders), anthropicTarget, "claude-sonnet-4-5");
        UpstreamCall without = translator.request(new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, false),
                anthropicTarget, "claude-opus-4-1-20250805");

        assertThat(withVersion.path()).isEqualTo("/v1/messages");
        assertThat(withVersion.headers().get("anthropic-version")).isEqualTo("2026-10-21");
        assertThat(withVersion.headers().get("anthropic-beta")).isEqualTo("prompt-caching-2024-07-31");
        assertThat(json(withVersion.body().toString())).isEqualTo(body.deepCopy().put("model", "claude-sonnet-4-5"));
        assertThat(without.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(json(without.body().toString())).isEqualTo(body);
        assertThat(translator.error(529, Buffer.buffer("{\"type\":\"error\"}")).body().toString())
                .isEqualTo("{\"type\":\"error\"}");
    }

    @Test
    void shouldTellTheClientApisApartByPath() {
        assertThat(ClientApi.ofPath("/v1/messages")).isEqualTo(ClientApi.ANTHROPIC_MESSAGES);
        assertThat(ClientApi.ofPath("/anthropic/v1/messages/")).isEqualTo(ClientApi.ANTHROPIC_MESSAGES);
        assertThat(ClientApi.ofPath("/v1/chat/completions")).isEqualTo(ClientApi.OPENAI_CHAT_COMPLETIONS);
        assertThat(ClientApi.ofPath("/v1/threads/thread_abc/messages")).isNull();
        assertThat(ClientApi.ofPath("/v1/messages/count_tokens")).isNull();
        assertThat(ClientApi.ofPath("/v1/models")).isNull();
    }
}
