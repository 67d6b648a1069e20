package io.aigateway.proxy.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.openai.core.ObjectMappers;
import com.openai.models.ErrorObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.Translators;
import io.aigateway.proxy.provider.sse.SseDecoder;
import io.aigateway.proxy.provider.sse.SseEvent;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

class OpenAiToAnthropicTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = fixtures();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final String MODEL = "claude-sonnet-4-5";
    private static final Target TARGET = target(null, "/v1", Map.of());

    // ------------------------------------------------------------------ fixtures

    /**
     * Every fixture of the pair's directory: {@code request-*.json}, {@code response-*.json} and
     * {@code error-<status>-*.json} against their {@code .expected.json}; {@code stream-*.sse} (with the client
     * request {@code stream-*.request.json}) against {@code stream-*.expected.sse}. A file no test reads fails.
     */
    @TestFactory
    Stream<DynamicTest> shouldTranslateEveryFixtureAsExpected() throws IOException {
        Set<String> unread = new TreeSet<>();
        try (Stream<Path> files = Files.list(FIXTURES)) {
            files.forEach(f -> unread.add(f.getFileName().toString()));
        }
        List<DynamicTest> tests = new ArrayList<>();
        for (String name : List.copyOf(unread)) {
            if (name.contains(".expected.") || name.endsWith(".request.json")) {
                continue;
            }
            String stem = name.substring(0, name.lastIndexOf('.'));
            if (name.startsWith("request-") && name.endsWith(".json")) {
                unread.remove(name);
                unread.remove(stem + ".expected.json");
                tests.add(DynamicTest.dynamicTest(stem, () -> assertJson(
                        body(translator().request(client(read(name)), TARGET, MODEL)),
                        read(stem + ".expected.json"))));
            } else if (name.startsWith("response-") && name.endsWith(".json")) {
                unread.remove(name);
                unread.remove(stem + ".expected.json");
                tests.add(DynamicTest.dynamicTest(stem, () -> {
                    Buffer out = translator().response(Buffer.buffer(text(name)));
                    assertJson(out.toString(), read(stem + ".expected.json"));
                    assertParsesAsChatCompletion(out.toString());
                }));
            } else if (name.startsWith("error-") && name.endsWith(".json")) {
                unread.remove(name);
                unread.remove(stem + ".expected.json");
                int status = Integer.parseInt(stem.split("-")[1]);
                tests.add(DynamicTest.dynamicTest(stem, () -> {
                    ClientError error = translator().error(status, Buffer.buffer(text(name)));
                    JsonNode expected = read(stem + ".expected.json");
                    assertThat(error.status()).isEqualTo(expected.get("status").asInt());
                    assertJson(error.body().toString(), expected.get("body"));
                    assertParsesAsOpenAiError(error.body().toString());
                }));
            } else if (name.startsWith("stream-") && name.endsWith(".sse")) {
                unread.remove(name);
                unread.remove(stem + ".request.json");
                unread.remove(stem + ".expected.sse");
                tests.add(DynamicTest.dynamicTest(stem, () -> {
                    byte[] upstream = bytes(name);
                    String whole = translateStream(stem, List.of(upstream));
                    assertThat(whole).isEqualTo(text(stem + ".expected.sse"));
                    assertParsesAsChunks(whole);
                    Random random = new Random(20_240_601L);
                    for (int round = 0; round < 200; round++) {
                        assertThat(translateStream(stem, randomSplit(upstream, random)))
                                .as("random split, round %d", round).isEqualTo(whole);
                    }
                }));
            }
        }
        tests.add(DynamicTest.dynamicTest("no fixture is left unread", () -> assertThat(unread).isEmpty()));
        return tests.stream();
    }

    @Test
    void shouldTranslateTheSameStreamWhateverByteItIsSplitAt() {
        byte[] upstream = bytes("stream-text.sse");
        String whole = translateStream("stream-text", List.of(upstream));
        for (int cut = 0; cut <= upstream.length; cut++) {
            List<byte[]> parts = List.of(slice(upstream, 0, cut), slice(upstream, cut, upstream.length));
            assertThat(translateStream("stream-text", parts)).as("split at %d", cut).isEqualTo(whole);
        }
        List<byte[]> single = new ArrayList<>();
        for (byte b : upstream) {
            single.add(new byte[] {b});
        }
        assertThat(translateStream("stream-text", single)).isEqualTo(whole);
    }

    // ------------------------------------------------------------------ request

    @Test
    void shouldRefuseMoreThanOneChoiceNamingN() {
        ObjectNode body = body("{\"model\":\"gpt-4o\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThatThrownBy(() -> translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body,
                false), TARGET, MODEL))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo("n"))
                .hasMessageContaining("n must be 1");
    }

    @Test
    void shouldRefuseWhatWouldChangeTheAnswerNamingTheField() {
        Map<String, String> refused = Map.of(
                "logprobs", "\"logprobs\":true",
                "top_logprobs", "\"top_logprobs\":3",
                "response_format", "\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}",
                "modalities", "\"modalities\":[\"text\",\"audio\"]",
                "audio", "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}",
                "temperature", "\"temperature\":1.5",
                "messages[0].content[0].type", "\"x\":0,\"messages\":[{\"role\":\"user\",\"content\":"
                        + "[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAAA\",\"format\":\"wav\"}}]}]",
                "messages[0].tool_calls[0].function.arguments", "\"x\":0,\"messages\":[{\"role\":\"assistant\","
                        + "\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":\"f\","
                        + "\"arguments\":\"{not json\"}}]}]",
                "messages[0].tool_calls", "\"x\":0,\"messages\":[{\"role\":\"assistant\","
                        + "\"tool_calls\":{\"id\":\"c1\"}}]",
                "messages[0].tool_calls[0]", "\"x\":0,\"messages\":[{\"role\":\"assistant\","
                        + "\"tool_calls\":[\"c1\"]}]");
        refused.forEach((field, json) -> {
            String messages = json.contains("\"messages\"") ? ""
                    : ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
            ObjectNode body = body("{" + json + messages + "}");
            assertThatThrownBy(() -> translator().request(client(body), TARGET, MODEL))
                    .as(field)
                    .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo(field));
        });
    }

    @Test
    void shouldNeverMutateTheClientRequest() {
        for (String name : List.of("request-tool-round-trip.json", "request-system-merge.json",
                "request-sampling.json", "request-images.json")) {
            ObjectNode body = (ObjectNode) read(name);
            ObjectNode before = body.deepCopy();
            Translator translator = translator();
            String first = body(translator.request(client(body), TARGET, MODEL));
            assertThat(body).as(name).isEqualTo(before);
            assertThat(body(translator().request(client(body), TARGET, MODEL))).as(name).isEqualTo(first);
        }
    }

    @Test
    void shouldPostToTheMessagesPathUnderTheBasePathUnlessTheTargetSetsOne() {
        ClientRequest request = client(read("request-seeds-mixed.json"));
        assertThat(translator().request(request, target(null, "/v1", Map.of()), MODEL).path())
                .isEqualTo("/v1/messages");
        assertThat(translator().request(request, target(null, "/anthropic/v1/", Map.of()), MODEL).path())
                .isEqualTo("/anthropic/v1/messages");
        assertThat(translator().request(request, target(null, "", Map.of()), MODEL).path())
                .isEqualTo("/messages");
        assertThat(translator().request(request, target("/custom/messages?beta=true", "/v1", Map.of()), MODEL)
                .path()).isEqualTo("/custom/messages?beta=true");
    }

    @Test
    void shouldSendTheApiVersionAndContentTypeButNoCredentials() {
        ClientRequest request = client(read("request-seeds-mixed.json"));
        UpstreamCall call = translator().request(request, TARGET, MODEL);
        assertThat(call.headers().get("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(call.headers().get("Content-Type")).isEqualTo("application/json");
        assertThat(call.headers().names()).containsExactlyInAnyOrder("content-type", "anthropic-version");

        UpstreamCall pinned = translator().request(request,
                target(null, "/v1", Map.of("Anthropic-Version", "2024-01-01")), MODEL);
        assertThat(pinned.headers().contains("anthropic-version")).isFalse();
    }

    @Test
    void shouldSendTheModelItIsGivenAndTheDefaultMaxTokens() {
        ObjectNode body = body("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        JsonNode sent = parse(body(translator().request(client(body), TARGET, "claude-haiku-4-5")));
        assertThat(sent.get("model").asText()).isEqualTo("claude-haiku-4-5");
        assertThat(sent.get("max_tokens").asInt()).isEqualTo(OpenAiToAnthropicTranslator.DEFAULT_MAX_TOKENS);
        assertThat(sent.has("stream")).isFalse();
    }

    @Test
    void shouldMapEveryToolChoice() {
        Map<String, String> choices = Map.of(
                "\"auto\"", "{\"type\":\"auto\"}",
                "\"required\"", "{\"type\":\"any\"}",
                "\"none\"", "{\"type\":\"none\"}",
                "{\"type\":\"function\",\"function\":{\"name\":\"f\"}}", "{\"type\":\"tool\",\"name\":\"f\"}");
        choices.forEach((openAi, anthropic) -> {
            ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                    + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":" + openAi
                    + "}");
            JsonNode sent = parse(body(translator().request(client(body), TARGET, MODEL)));
            assertThat(sent.get("tool_choice")).as(openAi).isEqualTo(parse(anthropic));
        });
    }

    // ------------------------------------------------------------------ response

    @Test
    void shouldRefuseAMalformedAnswerWithoutQuotingIt() {
        String secret = "{\"id\": \"msg_1\", \"content\": [secret-payload-text";
        assertThatThrownBy(() -> translator().response(Buffer.buffer(secret)))
                .isInstanceOf(ProviderResponseException.class)
                .hasMessageNotContaining("secret-payload-text")
                .hasNoCause();
        assertThatThrownBy(() -> translator().response(Buffer.buffer("{\"type\":\"message\",\"id\":\"msg_1\"}")))
                .isInstanceOf(ProviderResponseException.class);
        assertThatThrownBy(() -> translator().response(Buffer.buffer("[]")))
                .isInstanceOf(ProviderResponseException.class);
        assertThatThrownBy(() -> translator().response(Buffer.buffer("")))
                .isInstanceOf(ProviderResponseException.class);
    }

    // ------------------------------------------------------------------ stream

    @Test
    void shouldStreamToolCallsWithNameAndIdFirstThenArgumentsThenUsageAndDone() {
        String out = translateStream("stream-tool-use", List.of(bytes("stream-tool-use.sse")));
        List<SseEvent> events = new SseDecoder().decode(Buffer.buffer(out));
        assertThat(events.get(events.size() - 1).data()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(e -> parse(e.data())).toList();

        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.get("id").asText()).isEqualTo("msg_014p7gG3wDgGV9EUtLvnow3U");
            assertThat(c.get("created").asLong()).isEqualTo(1_700_000_000L);
            assertThat(c.get("model").asText()).isEqualTo("claude-opus-4-6");
            assertThat(c.get("object").asText()).isEqualTo("chat.completion.chunk");
        });
        assertThat(chunks.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");

        StringBuilder text = new StringBuilder();
        StringBuilder arguments = new StringBuilder();
        List<JsonNode> toolDeltas = new ArrayList<>();
        for (JsonNode chunk : chunks) {
            JsonNode delta = chunk.at("/choices/0/delta");
            if (delta.has("content")) {
                text.append(delta.get("content").asText());
            }
            if (delta.has("tool_calls")) {
                JsonNode call = delta.get("tool_calls").get(0);
                toolDeltas.add(call);
                arguments.append(call.at("/function/arguments").asText());
            }
        }
        assertThat(text).hasToString("Okay, let's check the weather for San Francisco, CA:");
        JsonNode first = toolDeltas.get(0);
        assertThat(first.get("index").asInt()).isZero();
        assertThat(first.get("id").asText()).isEqualTo("toolu_01T1x1fJ34qAmk2tNTrN7Up6");
        assertThat(first.get("type").asText()).isEqualTo("function");
        assertThat(first.at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(toolDeltas.subList(1, toolDeltas.size())).allSatisfy(d -> {
            assertThat(d.get("index").asInt()).isZero();
            assertThat(d.has("id")).isFalse();
            assertThat(d.at("/function").has("name")).isFalse();
        });
        assertThat(parse(arguments.toString()))
                .isEqualTo(parse("{\"location\": \"San Francisco, CA\", \"unit\": \"fahrenheit\"}"));

        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode usage = chunks.get(chunks.size() - 1);
        assertThat(usage.get("choices")).isEmpty();
        assertThat(usage.get("usage")).isEqualTo(parse("{\"prompt_tokens\":572,\"completion_tokens\":89,"
                + "\"total_tokens\":661,\"prompt_tokens_details\":{\"cached_tokens\":100}}"));
    }

    @Test
    void shouldNotSendAUsageChunkUnlessTheClientAskedForIt() {
        String out = translateStream("stream-text", List.of(bytes("stream-text.sse")));
        assertThat(out).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void shouldEndWithAnErrorEventAndNoDoneWhenAnthropicFailsMidStream() {
        String out = translateStream("stream-error", List.of(bytes("stream-error.sse")));
        List<SseEvent> events = new SseDecoder().decode(Buffer.buffer(out));
        JsonNode last = parse(events.get(events.size() - 1).data());
        assertThat(last.at("/error/message").asText()).isEqualTo("Overloaded");
        assertThat(last.at("/error/code").asText()).isEqualTo("overloaded_error");
        assertThat(out).doesNotContain("[DONE]").doesNotContain("\"lo\"");
    }

    @Test
    void shouldEndWithAnErrorEventWhenTheUpstreamStopsBeforeTheMessageEnds() {
        byte[] all = bytes("stream-text.sse");
        String text = new String(all, StandardCharsets.UTF_8);
        byte[] cut = text.substring(0, text.indexOf("event: message_delta")).getBytes(StandardCharsets.UTF_8);
        String out = translateStream("stream-text", List.of(cut));
        assertThat(out).doesNotContain("[DONE]").contains("\"error\"").contains("ended before");
    }

    @Test
    void shouldEndWithAnErrorEventOnAnUnreadableEvent() {
        StreamTranslator stream = translator().stream();
        String out = stream.onData(Buffer.buffer("event: message_start\ndata: {not json secret-bytes\n\n"))
                .toString();
        assertThat(out).startsWith("data: {\"error\":").doesNotContain("secret-bytes");
        assertThat(stream.onData(Buffer.buffer("data: {\"type\":\"ping\"}\n\n")).length()).isZero();
        assertThat(stream.onEnd().length()).isZero();
    }

    @Test
    void shouldReportTheUsageOfAWholeStreamWhoseClientAskedForNone() {
        byte[] upstream = bytes("stream-text.sse");
        int stop = new String(upstream, StandardCharsets.UTF_8).indexOf("event: message_stop");
        StreamTranslator whole = streamFor("stream-text");
        assertThat(whole.reportedUsage()).isNotNull();

        assertThat(whole.onData(Buffer.buffer(slice(upstream, 0, stop))).toString()).doesNotContain("\"usage\"");
        assertThat(whole.reportedUsage().get()).as("not before message_stop").isNull();
        whole.onData(Buffer.buffer(slice(upstream, stop, upstream.length)));
        whole.onEnd();
        assertThat(whole.reportedUsage().get().get("prompt_tokens").asLong()).isEqualTo(25);
        assertThat(whole.reportedUsage().get().get("completion_tokens").asLong()).isEqualTo(15);

        StreamTranslator cut = streamFor("stream-text");
        cut.onData(Buffer.buffer(slice(upstream, 0, stop)));
        cut.cut("the upstream went idle");
        assertThat(cut.reportedUsage().get()).as("a cut stream reports none").isNull();
    }

    // ------------------------------------------------------------------ choice of translator

    @Test
    void shouldBeChosenForOpenAiClientsOfAnthropicTargetsOnly() {
        assertThat(Translators.forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, TARGET, Clock.systemUTC()))
                .isInstanceOf(OpenAiToAnthropicTranslator.class);
        // An Anthropic client of an Anthropic target needs no translation of the API.
        assertThat(Translators.forAttempt(ClientApi.ANTHROPIC_MESSAGES, TARGET, Clock.systemUTC()))
                .isNotInstanceOf(OpenAiToAnthropicTranslator.class);
    }

    // ------------------------------------------------------------------ helpers

    private static OpenAiToAnthropicTranslator translator() {
        return new OpenAiToAnthropicTranslator(CLOCK);
    }

    private static String translateStream(String stem, List<byte[]> parts) {
        StreamTranslator stream = streamFor(stem);
        Buffer out = Buffer.buffer();
        for (byte[] part : parts) {
            out.appendBuffer(stream.onData(Buffer.buffer(part)));
        }
        return out.appendBuffer(stream.onEnd()).toString();
    }

    /** The stream translator of the request {@code <stem>.request.json}. */
    private static StreamTranslator streamFor(String stem) {
        Translator translator = translator();
        translator.request(client(read(stem + ".request.json")), TARGET, MODEL);
        return translator.stream();
    }

    private static void assertParsesAsChunks(String sse) {
        List<SseEvent> events = new SseDecoder().decode(Buffer.buffer(sse));
        assertThat(events).isNotEmpty();
        for (SseEvent event : events) {
            if ("[DONE]".equals(event.data())) {
                continue;
            }
            JsonNode node = parse(event.data());
            if (node.has("error")) {
                assertParsesAsOpenAiError(event.data());
                continue;
            }
            try {
                ChatCompletionChunk chunk = ObjectMappers.jsonMapper().readValue(event.data(),
                        ChatCompletionChunk.class);
                chunk.validate();
            } catch (IOException e) {
                fail("not a chat.completion.chunk for the OpenAI SDK: " + event.data(), e);
            }
        }
    }

    private static void assertParsesAsChatCompletion(String json) throws IOException {
        ChatCompletion completion = ObjectMappers.jsonMapper().readValue(json, ChatCompletion.class);
        completion.validate();
        assertThat(completion.choices()).hasSize(1);
        assertThat(completion.usage()).isPresent();
    }

    private static void assertParsesAsOpenAiError(String json) {
        try {
            ErrorObject error = ObjectMappers.jsonMapper().readValue(parse(json).get("error").toString(),
                    ErrorObject.class);
            error.validate();
            assertThat(error.message()).isNotBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertJson(String actual, JsonNode expected) {
        assertThat(parse(actual)).isEqualTo(expected);
    }

    private static String body(UpstreamCall call) {
        return call.body().toString();
    }

    private static ClientRequest client(JsonNode body) {
        return new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, (ObjectNode) body,
                body.path("stream").asBoolean(false));
    }

    private static ObjectNode body(String json) {
        return (ObjectNode) parse(json);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(String name) {
        return parse(text(name));
    }

    private static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(FIXTURES.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<byte[]> randomSplit(byte[] all, Random random) {
        List<byte[]> parts = new ArrayList<>();
        int at = 0;
        while (at < all.length) {
            int next = Math.min(all.length, at + 1 + random.nextInt(40));
            parts.add(slice(all, at, next));
            at = next;
        }
        return parts;
    }

    private static byte[] slice(byte[] all, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(all, from, out, 0, out.length);
        return out;
    }

    private static Target target(String path, String basePath, Map<String, String> headers) {
        return new Target("anthropic", Provider.ANTHROPIC, new Endpoint("https", "api.anthropic.com", 443, basePath),
                path, 1, 1, List.of(), null, headers, Map.of(), null, null, null);
    }

    private static Path fixtures() {
        try {
            return Path.of(OpenAiToAnthropicTranslatorTest.class.getResource("/provider/openai-to-anthropic")
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
