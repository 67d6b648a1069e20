package io.aigateway.proxy.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiToGeminiTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final String MODEL = "gemini-2.0-flash";

    private static OpenAiToGeminiTranslator translator() {
        return new OpenAiToGeminiTranslator(CLOCK, () -> "test");
    }

    private static Target gemini(String path) {
        return new Target("gemini", Provider.GEMINI, new Endpoint("https", "generativelanguage.googleapis.com", 443,
                "/v1beta"), path, 1, 1, List.of(), null, Map.of(), Map.of(), new Credentials("k", null, null, null),
                null, null);
    }

    private static Path fixtures() {
        try {
            return Path.of(OpenAiToGeminiTranslatorTest.class.getResource("/provider/openai-to-gemini").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(fixtures().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(String name) {
        try {
            return JSON.readTree(bytes(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode json(Buffer buffer) {
        try {
            return JSON.readTree(buffer.getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ObjectNode body(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static UpstreamCall request(ObjectNode body) {
        return translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body,
                body.path("stream").asBoolean(false)), gemini(null), body.path("model").asText(MODEL));
    }

    // ------------------------------------------------------------------------------------- fixtures

    @TestFactory
    Stream<DynamicTest> shouldTranslateEveryFixturePair() throws IOException {
        Map<String, List<String>> scenarios = new TreeMap<>();
        try (Stream<Path> files = Files.list(fixtures())) {
            files.map(p -> p.getFileName().toString()).sorted()
                    .forEach(f -> scenarios.computeIfAbsent(f.substring(0, f.indexOf('.')), k -> new ArrayList<>()).add(f));
        }
        assertThat(scenarios).isNotEmpty();
        return scenarios.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            String name = e.getKey();
            String ext = name.startsWith("stream-") ? ".sse" : ".json";
            assertThat(e.getValue()).as("files of scenario " + name)
                    .containsExactlyInAnyOrder(name + ".gemini" + ext, name + ".openai" + ext);
            if (name.startsWith("request-")) {
                ObjectNode in = (ObjectNode) json(name + ".openai.json");
                ObjectNode untouched = in.deepCopy();
                UpstreamCall call = request(in);
                assertThat(json(call.body())).isEqualTo(json(name + ".gemini.json"));
                assertThat(in).as("the client's request is never mutated").isEqualTo(untouched);
            } else if (name.startsWith("response-")) {
                OpenAiToGeminiTranslator translator = translator();
                translator.request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS,
                        body("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"), false),
                        gemini(null), MODEL);
                Buffer out = translator.response(Buffer.buffer(bytes(name + ".gemini.json")));
                assertThat(json(out)).isEqualTo(json(name + ".openai.json"));
            } else if (name.startsWith("stream-")) {
                String out = streamWhole(bytes(name + ".gemini.sse"));
                assertThat(events(out)).isEqualTo(events(new String(bytes(name + ".openai.sse"), StandardCharsets.UTF_8)));
            } else if (name.startsWith("error-")) {
                JsonNode in = json(name + ".gemini.json");
                JsonNode expected = json(name + ".openai.json");
                ClientError error = translator().error(in.get("status").asInt(),
                        Buffer.buffer(JSON.writeValueAsBytes(in.get("body"))));
                assertThat(error.status()).isEqualTo(expected.get("status").asInt());
                assertThat(json(error.body())).isEqualTo(expected.get("body"));
            } else {
                fail("no test reads fixture scenario " + name);
            }
        }));
    }

    /** Each event of a client stream: the parsed JSON of its data, or the data itself when it is not JSON. */
    private static List<Object> events(String sse) {
        assertThat(sse).endsWith("\n\n");
        List<Object> events = new ArrayList<>();
        for (String event : sse.split("\n\n")) {
            assertThat(event).startsWith("data: ").doesNotContain("\n");
            String data = event.substring("data: ".length());
            try {
                events.add(data.equals("[DONE]") ? data : JSON.readTree(data));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return events;
    }

    private static StreamTranslator streamTranslator() {
        OpenAiToGeminiTranslator translator = translator();
        translator.request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS,
                body("{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"stream\":true,"
                        + "\"stream_options\":{\"include_usage\":true}}"), true),
                gemini(null), MODEL);
        return translator.stream();
    }

    private static String streamWhole(byte[] upstream) {
        return streamSplit(upstream, List.of(upstream.length));
    }

    /** Feeds the upstream bytes in chunks ending at the given offsets. */
    private static String streamSplit(byte[] upstream, List<Integer> ends) {
        StreamTranslator stream = streamTranslator();
        Buffer out = Buffer.buffer();
        int start = 0;
        for (int end : ends) {
            out.appendBuffer(stream.onData(Buffer.buffer(java.util.Arrays.copyOfRange(upstream, start, end))));
            start = end;
        }
        out.appendBuffer(stream.onEnd());
        return out.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------------------------- request

    @Test
    void shouldSendGenerateContentOrTheSseStreamUnderTheBasePath() {
        ObjectNode body = body("{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        UpstreamCall plain = translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, false),
                gemini(null), "gemini-2.0-flash");
        UpstreamCall streamed = translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, true),
                gemini(null), "models/gemini-1.5-pro");
        UpstreamCall fixed = translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, true),
                gemini("/custom/path"), "gemini-2.0-flash");

        assertThat(plain.path()).isEqualTo("/v1beta/models/gemini-2.0-flash:generateContent");
        assertThat(streamed.path()).isEqualTo("/v1beta/models/gemini-1.5-pro:streamGenerateContent?alt=sse");
        assertThat(fixed.path()).isEqualTo("/custom/path");
        assertThat(plain.headers().get("content-type")).isEqualTo("application/json");
        assertThat(plain.headers().names()).containsExactly("content-type");
        assertThat(json(plain.body()).has("model")).isFalse();
        assertThat(json(plain.body()).has("stream")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../admin", "gemini?key=x", "a/b", "", "gemini flash"})
    void shouldRefuseAModelNameThatIsNotOneSegment(String model) {
        ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThatThrownBy(() -> translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body,
                false), gemini(null), model))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo("model"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "logprobs|{\"logprobs\":true}",
        "top_logprobs|{\"top_logprobs\":2}",
        "modalities|{\"modalities\":[\"text\",\"audio\"]}",
        "audio|{\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}}",
        "logit_bias|{\"logit_bias\":{\"50256\":-100}}",
        "functions|{\"functions\":[{\"name\":\"f\"}]}",
        "function_call|{\"function_call\":\"auto\"}",
        "web_search_options|{\"web_search_options\":{}}",
        "tools[0].type|{\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}]}",
        "tool_choice|{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":\"sometimes\"}",
        "n|{\"n\":0}",
        "stop|{\"stop\":5}",
        "temperature|{\"temperature\":\"hot\"}",
        "max_tokens|{\"max_tokens\":-1}",
        "response_format.type|{\"response_format\":{\"type\":\"xml\"}}",
        "tools[0].function.parameters.properties.a|{\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\",\"parameters\":{\"type\":\"object\",\"properties\":{\"a\":{\"allOf\":[{\"type\":\"string\"},{\"minLength\":1}]}}}}}]}",
        "messages|{\"messages\":[{\"role\":\"system\",\"content\":\"only a system prompt\"}]}",
        "messages[0].role|{\"messages\":[{\"role\":\"narrator\",\"content\":\"x\"}]}",
        "messages[0].content[0].image_url.url|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"file:///etc/passwd\"}}]}]}",
        "messages[0].content[0].image_url.url|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png,notbase64\"}}]}]}",
        "messages[0].content[0].file.file_id|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"file\",\"file\":{\"file_id\":\"file-abc\"}}]}]}",
        "messages[0].content[1].type|{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hear\"},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AAA\",\"format\":\"wav\"}}]}]}",
        "messages[1].tool_call_id|{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"tool\",\"tool_call_id\":\"call_nowhere\",\"content\":\"1\"}]}",
        "messages[1].tool_calls[0].function.arguments|{\"messages\":[{\"role\":\"user\",\"content\":\"x\"},{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"c\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}",
    })
    void shouldRefuseWhatWouldChangeTheAnswerNamingTheField(String spec) {
        String field = spec.substring(0, spec.indexOf('|'));
        ObjectNode body = body(spec.substring(spec.indexOf('|') + 1));
        if (!body.has("messages")) {
            body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        }
        assertThatThrownBy(() -> request(body))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    @Test
    void shouldDropHarmlessFieldsQuietly() {
        ObjectNode body = body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"bob\"}],"
                + "\"user\":\"u\",\"metadata\":{\"a\":\"b\"},\"store\":true,\"parallel_tool_calls\":false,"
                + "\"service_tier\":\"auto\",\"prediction\":{\"type\":\"content\",\"content\":\"x\"},"
                + "\"logprobs\":false,\"n\":1,\"modalities\":[\"text\"],\"logit_bias\":{},"
                + "\"stream_options\":{\"include_usage\":true},\"reasoning_effort\":\"low\",\"tool_choice\":\"auto\"}");
        assertThat(json(request(body).body())).isEqualTo(body("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}]}"));
    }

    @Test
    void shouldPreferMaxCompletionTokensAndSendEveryStopSequence() {
        JsonNode config = json(request(body("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],"
                + "\"max_tokens\":10,\"stop\":\"STOP\",\"temperature\":0,\"top_p\":1,\"presence_penalty\":0.5,"
                + "\"frequency_penalty\":-0.5}")).body()).get("generationConfig");
        assertThat(config).isEqualTo(body("{\"maxOutputTokens\":10,\"temperature\":0,\"topP\":1,"
                + "\"presencePenalty\":0.5,\"frequencyPenalty\":-0.5,\"stopSequences\":[\"STOP\"]}"));
    }

    // ------------------------------------------------------------------------------------- tool round trip

    @Test
    void shouldPairToolResultsWithTheCallsTheGatewayNamed() {
        OpenAiToGeminiTranslator first = translator();
        JsonNode answer = json(first.response(Buffer.buffer(bytes("response-function-calls.gemini.json"))));
        JsonNode calls = answer.at("/choices/0/message/tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).get("id").asText()).isNotEqualTo(calls.get(1).get("id").asText());

        ObjectNode next = body("{\"model\":\"gemini-2.0-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Barbie near me?\"}]}");
        ObjectNode assistant = next.withArray("messages").addObject().put("role", "assistant");
        assistant.putNull("content");
        assistant.set("tool_calls", calls);
        // the client answers the second call first
        next.withArray("messages").addObject().put("role", "tool").put("tool_call_id", calls.get(1).get("id").asText())
                .put("content", "{\"time\":\"12:00\"}");
        next.withArray("messages").addObject().put("role", "tool").put("tool_call_id", calls.get(0).get("id").asText())
                .put("content", "[\"Cinema A\",\"Cinema B\"]");

        JsonNode contents = json(request(next).body()).get("contents");
        assertThat(contents).isEqualTo(JSON.valueToTree(List.of(
                Map.of("role", "user", "parts", List.of(Map.of("text", "Barbie near me?"))),
                Map.of("role", "model", "parts", List.of(
                        Map.of("functionCall", Map.of("name", "find_theaters", "args",
                                Map.of("location", "Mountain View, CA", "movie", "Barbie"))),
                        Map.of("functionCall", Map.of("name", "get_time", "args", Map.of())))),
                Map.of("role", "user", "parts", List.of(
                        Map.of("functionResponse", Map.of("name", "get_time", "response", Map.of("time", "12:00"))),
                        Map.of("functionResponse", Map.of("name", "find_theaters", "response",
                                Map.of("content", "[\"Cinema A\",\"Cinema B\"]"))))))));
    }

    @Test
    void shouldMarkReplayedCallsForGeminiThreeWhichChecksThoughtSignatures() {
        ObjectNode body = (ObjectNode) json("request-tools-round-trip.openai.json");
        JsonNode old = json(translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, false),
                gemini(null), "gemini-2.5-flash").body());
        JsonNode three = json(translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, false),
                gemini(null), "gemini-3-pro-preview").body());

        assertThat(old.at("/contents/1/parts/0").has("thoughtSignature")).isFalse();
        assertThat(three.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(three.at("/contents/1/parts/1").has("thoughtSignature")).as("only the first call of a turn").isFalse();
        assertThat(OpenAiToGeminiTranslator.needsThoughtSignatures("gemini-3.1-flash")).isTrue();
        assertThat(OpenAiToGeminiTranslator.needsThoughtSignatures("gemini-10-ultra")).isTrue();
        assertThat(OpenAiToGeminiTranslator.needsThoughtSignatures("gemini-1.5-pro")).isFalse();
        assertThat(OpenAiToGeminiTranslator.needsThoughtSignatures("gemini-2.0-flash")).isFalse();
        assertThat(OpenAiToGeminiTranslator.needsThoughtSignatures("gemma-3-27b-it")).isFalse();
    }

    @Test
    void shouldPutGeminisOwnSignatureBackOnThePartItCameOnAndNeverAnotherProvidersSignature() {
        ObjectNode body = (ObjectNode) json("request-tools-round-trip.openai.json");
        ObjectNode calls = (ObjectNode) body.withArray("messages").get(1);
        ObjectNode answer = (ObjectNode) body.withArray("messages").get(4);
        calls.put("reasoning_signature", "gemini:CiQBsig-of-the-calls");
        answer.put("reasoning_signature", "gemini:CiIBsig-of-the-answer");

        for (String model : List.of("gemini-3-pro-preview", "gemini-2.5-flash")) {
            JsonNode sent = json(translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body,
                    false), gemini(null), model).body());
            assertThat(sent.at("/contents/1/parts/0/thoughtSignature").asText()).as(model)
                    .isEqualTo("CiQBsig-of-the-calls");
            assertThat(sent.at("/contents/1/parts/1").has("thoughtSignature")).as(model).isFalse();
            assertThat(sent.at("/contents/3/parts/0/thoughtSignature").asText()).as(model)
                    .isEqualTo("CiIBsig-of-the-answer");
        }

        // Claude's signature (Bedrock's, or an Anthropic client's thinking block) is never Gemini's
        calls.put("reasoning_signature", "EqQBCkgIAhABGAIiQClaude");
        answer.put("reasoning_signature", "EqQBCkgIAhABGAIiQClaude");
        JsonNode three = json(translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, false),
                gemini(null), "gemini-3-pro-preview").body());
        JsonNode old = json(translator().request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, false),
                gemini(null), "gemini-2.5-flash").body());
        assertThat(three.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("skip_thought_signature_validator");
        assertThat(three.at("/contents/3/parts/0").has("thoughtSignature")).isFalse();
        assertThat(old.at("/contents/1/parts/0").has("thoughtSignature")).isFalse();
        assertThat(old.at("/contents/3/parts/0").has("thoughtSignature")).isFalse();
    }

    @Test
    void shouldGiveToolCallsIdsUniqueToTheAttempt() {
        Buffer gemini = Buffer.buffer(bytes("response-function-calls.gemini.json"));
        String a = json(new OpenAiToGeminiTranslator(Clock.systemUTC()).response(gemini)).at("/choices/0/message/tool_calls/0/id").asText();
        String b = json(new OpenAiToGeminiTranslator(Clock.systemUTC()).response(gemini)).at("/choices/0/message/tool_calls/0/id").asText();
        assertThat(a).startsWith("call_").isNotEqualTo(b);
    }

    // ------------------------------------------------------------------------------------- answers

    @ParameterizedTest
    @ValueSource(strings = {"not json {\"secret\":\"s3cr3t\"}", "[1,2]", "{\"candidates\":\"s3cr3t\"}", "{}",
        "{\"candidates\":[{\"content\":{\"parts\":[{\"functionCall\":{\"args\":{}}}]}}]}", ""})
    void shouldRefuseAMalformedAnswerWithoutEchoingIt(String body) {
        assertThatThrownBy(() -> translator().response(Buffer.buffer(body)))
                .isInstanceOf(ProviderResponseException.class)
                .message().doesNotContain("s3cr3t");
    }

    @Test
    void shouldMapEveryFinishReason() {
        assertThat(OpenAiToGeminiTranslator.finishReason("STOP", false)).isEqualTo("stop");
        assertThat(OpenAiToGeminiTranslator.finishReason("STOP", true)).isEqualTo("tool_calls");
        assertThat(OpenAiToGeminiTranslator.finishReason("MAX_TOKENS", true)).isEqualTo("length");
        for (String filtered : List.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY")) {
            assertThat(OpenAiToGeminiTranslator.finishReason(filtered, false)).as(filtered).isEqualTo("content_filter");
        }
        assertThat(OpenAiToGeminiTranslator.finishReason("OTHER", false)).isEqualTo("stop");
        assertThat(OpenAiToGeminiTranslator.finishReason(null, false)).isNull();
    }

    @Test
    void shouldAnswerStopWhenAWholeAnswerHasNoFinishReason() {
        JsonNode answer = json(translator().response(Buffer.buffer(
                "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Hi\"}]}}]}")));
        assertThat(answer.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(answer.at("/choices/0/message/content").asText()).isEqualTo("Hi");
        assertThat(answer.has("usage")).isFalse();
    }

    // ------------------------------------------------------------------------------------- streams

    @ParameterizedTest
    @ValueSource(strings = {"stream-text.gemini.sse", "stream-function-calls.gemini.sse", "stream-prompt-blocked.gemini.sse",
        "stream-signed-calls.gemini.sse", "stream-signed-text.gemini.sse"})
    void shouldGiveTheSameStreamAtEverySplitPoint(String fixture) {
        byte[] upstream = bytes(fixture);
        String whole = streamWhole(upstream);
        for (int i = 0; i <= upstream.length; i++) {
            assertThat(streamSplit(upstream, List.of(i, upstream.length))).as("split at " + i).isEqualTo(whole);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stream-text.gemini.sse", "stream-function-calls.gemini.sse"})
    void shouldGiveTheSameStreamForRandomSplits(String fixture) {
        byte[] upstream = bytes(fixture);
        String whole = streamWhole(upstream);
        Random random = new Random(20_240_501L);
        for (int round = 0; round < 300; round++) {
            TreeSet<Integer> ends = new TreeSet<>();
            int cuts = 1 + random.nextInt(40);
            for (int c = 0; c < cuts; c++) {
                ends.add(random.nextInt(upstream.length + 1));
            }
            ends.add(upstream.length);
            assertThat(streamSplit(upstream, List.copyOf(ends))).as("round " + round + " cuts " + ends).isEqualTo(whole);
        }
        List<Integer> bytewise = new ArrayList<>();
        for (int i = 1; i <= upstream.length; i++) {
            bytewise.add(i);
        }
        assertThat(streamSplit(upstream, bytewise)).isEqualTo(whole);
    }

    @Test
    void shouldSendEachEventAsSoonAsItIsComplete() {
        byte[] upstream = bytes("stream-text.gemini.sse");
        String text = new String(upstream, StandardCharsets.UTF_8);
        int firstEnd = text.indexOf("\r\n\r\n") + 3; // the CR of the blank line ends the event
        StreamTranslator stream = streamTranslator();

        String partial = stream.onData(Buffer.buffer(java.util.Arrays.copyOf(upstream, firstEnd - 1))).toString();
        String first = stream.onData(Buffer.buffer(java.util.Arrays.copyOfRange(upstream, firstEnd - 1, firstEnd))).toString();

        assertThat(partial).isEmpty();
        assertThat(events(first)).hasSize(2);
        assertThat(first).contains("\"role\":\"assistant\"").contains("\"content\":\"The\"").doesNotContain("[DONE]");
    }

    @Test
    void shouldTurnAGeminiErrorEventIntoAnOpenAiErrorEvent() {
        StreamTranslator stream = streamTranslator();
        String out = stream.onData(Buffer.buffer("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}],"
                + "\"role\":\"model\"},\"index\":0}]}\n\ndata: {\"error\":{\"code\":503,\"message\":\"The model is "
                + "overloaded.\",\"status\":\"UNAVAILABLE\"}}\n\n")).toString() + stream.onEnd().toString();
        List<Object> events = events(out);
        assertThat(events).hasSize(3); // the error ends the stream: no [DONE] after it
        assertThat(events.get(2)).isEqualTo(body("{\"error\":{\"message\":\"The model is overloaded.\","
                + "\"type\":\"api_error\",\"param\":null,\"code\":\"service_unavailable\"}}"));
    }

    @Test
    void shouldEndAStreamCutBeforeItsFinishReasonWithAnErrorAndNoFinish() {
        StreamTranslator stream = streamTranslator();
        String out = stream.onData(Buffer.buffer("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]}}],"
                + "\"usageMetadata\":{\"promptTokenCount\":3,\"candidatesTokenCount\":1,\"totalTokenCount\":4}}\n\n"))
                .toString();

        assertThatThrownBy(stream::onEnd).isInstanceOf(ProviderResponseException.class);
        List<Object> events = events(out + stream.cut("cut").toString());
        assertThat(events).hasSize(3);
        assertThat(((JsonNode) events.get(2)).at("/error/message").asText()).isEqualTo("cut");
        assertThat(out).doesNotContain("\"finish_reason\":\"").doesNotContain("[DONE]");
        assertThat(stream.reportedUsage().get()).as("a cut stream reports no usage").isNull();

        StreamTranslator whole = streamTranslator();
        whole.onData(Buffer.buffer("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},"
                + "\"finishReason\":\"STOP\"}],\"usageMetadata\":{\"promptTokenCount\":3,"
                + "\"candidatesTokenCount\":1,\"totalTokenCount\":4}}\n\n"));
        assertThat(whole.reportedUsage().get()).as("not before the end").isNull();
        whole.onEnd();
        assertThat(whole.reportedUsage()).isNotNull();
        assertThat(whole.reportedUsage().get().get("prompt_tokens").asLong()).isEqualTo(3);
        assertThat(whole.reportedUsage().get().get("completion_tokens").asLong()).isEqualTo(1);
    }

    @Test
    void shouldRefuseAStreamThatIsNotGemini() {
        assertThatThrownBy(() -> streamTranslator().onEnd()).isInstanceOf(ProviderResponseException.class);
        assertThatThrownBy(() -> streamTranslator().onData(Buffer.buffer("data: {oops s3cr3t}\n\n")))
                .isInstanceOf(ProviderResponseException.class).message().doesNotContain("s3cr3t");
    }

    // ------------------------------------------------------------------------------------- errors and choice

    @Test
    void shouldMapAnErrorBodyThatIsNotJsonByItsStatus() {
        ClientError error = translator().error(429, Buffer.buffer("<html>quota s3cr3t</html>"));
        assertThat(error.status()).isEqualTo(429);
        assertThat(error.body().toString()).doesNotContain("s3cr3t");
        assertThat(translator().error(401, Buffer.buffer("")).status()).isEqualTo(502);
        assertThat(translator().error(500, Buffer.buffer("{\"error\":{\"code\":500,\"status\":\"INTERNAL\"}}")).status())
                .isEqualTo(502);
    }

    @Test
    void shouldBeChosenForOpenAiClientsOfGeminiTargets() {
        assertThat(Translators.forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, gemini(null), Clock.systemUTC()))
                .isInstanceOf(OpenAiToGeminiTranslator.class);
    }
}
