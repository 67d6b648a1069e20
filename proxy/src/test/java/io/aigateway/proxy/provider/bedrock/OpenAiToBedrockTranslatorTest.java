package io.aigateway.proxy.provider.bedrock;

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
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixtures in {@code provider/openai-to-bedrock/}, from AWS's Converse documentation examples. */
class OpenAiToBedrockTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_718_000_000L), ZoneOffset.UTC);
    private static final Target TARGET = target(null);

    private final OpenAiToBedrockTranslator translator = new OpenAiToBedrockTranslator(CLOCK, () -> "chatcmpl-fixed");

    // ------------------------------------------------------------------------------------------ request

    @Test
    void shouldTranslateTheSeedsMixedRequest() {
        ObjectNode body = fixture("mixed-request.json");
        String before = body.toString();
        UpstreamCall call = translator.request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, false),
                TARGET, MODEL);

        assertThat(json(call.body())).isEqualTo(fixture("mixed-converse.json"));
        assertThat(call.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse");
        assertThat(call.headers().get("content-type")).isEqualTo("application/json");
        assertThat(call.headers().contains("accept")).isFalse();
        assertThat(body.toString()).as("the client's request is never mutated").isEqualTo(before);
    }

    @Test
    void shouldSendClaudeItsOwnSignedReasoningBackButNotGeminisOrUnsignedReasoning() {
        ObjectNode body = (ObjectNode) json("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"Hello\",\"reasoning_content\":\"A greeting.\"},"
                + "{\"role\":\"user\",\"content\":\"Bye\"}]}");
        ObjectNode assistant = (ObjectNode) body.withArray("messages").get(1);

        assistant.put("reasoning_signature", "EqQBCkgIAhABGAIiQClaude");
        assertThat(json(translator.request(request(body), TARGET, MODEL).body()).at("/messages/1/content"))
                .isEqualTo(json("[{\"reasoningContent\":{\"reasoningText\":{\"text\":\"A greeting.\","
                        + "\"signature\":\"EqQBCkgIAhABGAIiQClaude\"}}},{\"text\":\"Hello\"}]"));
        for (String other : List.of("gemini:CiQBsig", "")) {
            assistant.put("reasoning_signature", other);
            assertThat(json(translator.request(request(body), TARGET, MODEL).body()).at("/messages/1/content"))
                    .as(other).isEqualTo(json("[{\"text\":\"Hello\"}]"));
        }
    }

    @Test
    void shouldUseTheStreamPathAndAcceptTheEventStream() {
        ObjectNode body = fixture("mixed-request.json").put("stream", true);
        UpstreamCall call = translator.request(new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, true),
                TARGET, "us.meta.llama3-2-1b-instruct-v1:0");

        assertThat(call.path()).isEqualTo("/model/us.meta.llama3-2-1b-instruct-v1%3A0/converse-stream");
        assertThat(call.headers().get("accept")).isEqualTo("application/vnd.amazon.eventstream");
    }

    @Test
    void shouldUseTheTargetsFixedPathWhenSet() {
        UpstreamCall call = translator.request(request(fixture("mixed-request.json")), target("/custom/converse"),
                MODEL);
        assertThat(call.path()).isEqualTo("/custom/converse");
    }

    @Test
    void shouldTranslateToolsAndAFullToolRoundTripWithIdsPaired() {
        UpstreamCall call = translator.request(request(fixture("tools-request.json")), TARGET, MODEL);
        assertThat(json(call.body())).isEqualTo(fixture("tools-converse.json"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"required\"|{\"any\":{}}",
            "\"auto\"|{\"auto\":{}}",
            "{\"type\":\"function\",\"function\":{\"name\":\"top_song\"}}|{\"tool\":{\"name\":\"top_song\"}}"})
    void shouldMapToolChoice(String choice, String expected) throws IOException {
        ObjectNode body = fixture("tools-request.json");
        body.set("tool_choice", JSON.readTree(choice));
        JsonNode out = json(translator.request(request(body), TARGET, MODEL).body());
        assertThat(out.path("toolConfig").path("toolChoice")).isEqualTo(JSON.readTree(expected));
    }

    @Test
    void shouldLeaveToolsOutForToolChoiceNoneBeforeAnyToolCall() throws IOException {
        ObjectNode body = fixture("tools-request.json");
        body.set("messages", JSON.readTree("[{\"role\":\"user\",\"content\":\"Hi\"}]"));
        body.put("tool_choice", "none");
        assertThat(json(translator.request(request(body), TARGET, MODEL).body()).has("toolConfig")).isFalse();
    }

    @Test
    void shouldRefuseToolChoiceNoneOnceTheConversationHoldsToolCalls() {
        ObjectNode body = fixture("tools-request.json").put("tool_choice", "none");
        assertRefused(body, "tool_choice");
    }

    @Test
    void shouldSendDataUrlImagesAsBytes() {
        UpstreamCall call = translator.request(request(fixture("image-request.json")), TARGET, MODEL);
        assertThat(json(call.body())).isEqualTo(fixture("image-converse.json"));
    }

    @Test
    void shouldRefuseAnHttpImageUrlNamingTheField() {
        ObjectNode body = fixture("image-request.json");
        ((ObjectNode) body.at("/messages/0/content/1/image_url")).put("url", "https://example.com/cat.png");
        assertRefused(body, "messages[0].content[1].image_url.url");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "n|{\"n\":2}",
            "logprobs|{\"logprobs\":true}",
            "top_logprobs|{\"top_logprobs\":3}",
            "response_format|{\"response_format\":{\"type\":\"json_object\"}}",
            "response_format|{\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"x\"}}}",
            "tools[0].type|{\"tools\":[{\"type\":\"web_search\"}]}",
            "messages[1].content[0].type|{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                    + "{\"role\":\"user\",\"content\":[{\"type\":\"input_audio\",\"input_audio\":{}}]}]}",
            "messages[0].tool_calls[0].function.arguments|{\"messages\":[{\"role\":\"assistant\",\"tool_calls\":"
                    + "[{\"id\":\"t1\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{oops\"}}]}]}",
            "messages[1].tool_call_id|{\"messages\":[{\"role\":\"user\",\"content\":\"a\"},"
                    + "{\"role\":\"tool\",\"content\":\"r\"}]}"})
    void shouldRefuseWhatBedrockCannotHonourNamingTheField(String spec) throws IOException {
        int bar = spec.indexOf('|');
        ObjectNode body = fixture("mixed-request.json");
        body.setAll((ObjectNode) JSON.readTree(spec.substring(bar + 1)));
        assertRefused(body, spec.substring(0, bar));
    }

    @Test
    void shouldAcceptHarmlessValues() {
        ObjectNode body = fixture("mixed-request.json").put("n", 1).put("logprobs", false);
        body.putObject("response_format").put("type", "text");
        body.putObject("stream_options").put("include_usage", true);
        assertThat(json(translator.request(request(body), TARGET, MODEL).body()))
                .isEqualTo(fixture("mixed-converse.json"));
    }

    // ----------------------------------------------------------------------------------------- response

    @Test
    void shouldTranslateATextResponse() {
        translator.request(request(fixture("mixed-request.json")), TARGET, MODEL);
        Buffer out = translator.response(Buffer.buffer(fixture("text-response.json").toString()));
        assertThat(json(out)).isEqualTo(fixture("text-completion.json"));
    }

    @Test
    void shouldTranslateAToolUseResponseWithCachedTokens() {
        translator.request(request(fixture("tools-request.json")), TARGET, MODEL);
        Buffer out = translator.response(Buffer.buffer(fixture("tool-use-response.json").toString()));
        assertThat(json(out)).isEqualTo(fixture("tool-use-completion.json"));
    }

    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls",
            "guardrail_intervened,content_filter", "content_filtered,content_filter"})
    void shouldMapStopReasons(String stopReason, String finishReason) {
        ObjectNode response = fixture("text-response.json").put("stopReason", stopReason);
        JsonNode out = json(translator.response(Buffer.buffer(response.toString())));
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void shouldRejectAResponseThatIsNotConverse() {
        assertThatThrownBy(() -> translator.response(Buffer.buffer("<html>")))
                .isInstanceOf(ProviderResponseException.class);
        assertThatThrownBy(() -> translator.response(Buffer.buffer("{\"output\":{}}")))
                .isInstanceOf(ProviderResponseException.class);
    }

    // ------------------------------------------------------------------------------------------- stream

    @Test
    void shouldTranslateAStreamDeliveredInOneChunk() {
        byte[] body = transcript();
        assertThat(runStream(List.of(body))).isEqualTo(expectedStream());
    }

    @Test
    void shouldReportTheUsageOfTheMetadataOnceTheStreamEnded() throws Exception {
        OpenAiToBedrockTranslator t = new OpenAiToBedrockTranslator(CLOCK, () -> "chatcmpl-fixed");
        t.request(request(fixture("mixed-request.json").put("stream", true)), TARGET, MODEL);
        StreamTranslator stream = t.stream();
        String out = stream.onData(Buffer.buffer(transcript())).toString(StandardCharsets.UTF_8);
        assertThat(out).as("the client asked for no usage").doesNotContain("\"usage\"");
        assertThat(stream.reportedUsage().get()).as("not before the end").isNull();

        stream.onEnd();

        String usageChunk = events(expectedStream()).stream().filter(e -> e.contains("\"choices\":[]")).findFirst()
                .orElseThrow();
        assertThat(stream.reportedUsage().get()).hasToString(JSON.readTree(usageChunk).get("usage").toString());
    }

    @Test
    void shouldGiveTheSameStreamForFixedSeedRandomSplits() {
        byte[] body = transcript();
        String expected = expectedStream();
        for (long seed = 1; seed <= 50; seed++) {
            assertThat(runStream(EventStreamFrames.randomSplit(body, seed, 1 + (int) seed * 7)))
                    .as("seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void shouldGiveTheSameStreamForEverySplitOfAShortOne() {
        byte[] body = EventStreamFrames.concat(List.of(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"Hi\"}}"),
                EventStreamFrames.event("messageStop", "{\"stopReason\":\"end_turn\"}")));
        String whole = runStream(List.of(body));
        assertThat(whole).contains("\"content\":\"Hi\"", "\"finish_reason\":\"stop\"").endsWith("data: [DONE]\n\n");
        for (int a = 1; a < body.length; a++) {
            assertThat(runStream(EventStreamFrames.split(body, a))).as("cut at %d", a).isEqualTo(whole);
        }
        for (int a = 1; a < body.length; a += 5) {
            for (int b = a + 1; b < body.length; b += 3) {
                assertThat(runStream(EventStreamFrames.split(body, a, b))).as("cuts at %d,%d", a, b).isEqualTo(whole);
            }
        }
    }

    @Test
    void shouldEmitEachEventAsSoonAsItsFrameCompletes() {
        byte[] start = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
        StreamTranslator stream = translator.stream();
        assertThat(stream.onData(Buffer.buffer(java.util.Arrays.copyOf(start, start.length - 1))).length()).isZero();
        assertThat(stream.onData(Buffer.buffer(new byte[] {start[start.length - 1]})).toString())
                .contains("\"role\":\"assistant\"");
    }

    @Test
    void shouldEndWithAnErrorEventOnAnExceptionEvent() {
        byte[] body = EventStreamFrames.concat(List.of(
                EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}"),
                EventStreamFrames.exception("throttlingException", "{\"message\":\"Too many requests, please wait.\"}"),
                EventStreamFrames.event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"late\"}}")));
        String out = runStream(List.of(body));
        List<String> events = events(out);
        assertThat(events).hasSize(2);
        JsonNode error = json(Buffer.buffer(events.get(1)));
        assertThat(error.at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.at("/error/message").asText()).isEqualTo("Too many requests, please wait.");
        assertThat(out).doesNotContain("late", "[DONE]");
    }

    @Test
    void shouldEndWithAnErrorEventWhenTheStreamIsCutMidFrame() {
        byte[] body = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
        StreamTranslator stream = translator.stream();
        stream.onData(Buffer.buffer(java.util.Arrays.copyOf(body, body.length - 4)));
        String end = stream.onEnd().toString();
        assertThat(end).contains("\"error\"", "ended in the middle").doesNotContain("[DONE]");
    }

    @Test
    void shouldEndWithAnErrorEventOnACorruptFrame() {
        byte[] body = EventStreamFrames.event("messageStart", "{\"role\":\"assistant\"}");
        body[body.length - 6] ^= 0x01;
        StreamTranslator stream = translator.stream();
        assertThat(stream.onData(Buffer.buffer(body)).toString()).contains("\"error\"", "upstream_error");
        assertThat(stream.onEnd().length()).isZero();
    }

    // -------------------------------------------------------------------------------------------- error

    @Test
    void shouldMapAValidationErrorFromTheHeader() {
        ClientError error = translator.error(400,
                MultiMap.caseInsensitiveMultiMap().add("x-amzn-ErrorType",
                        "ValidationException:http://internal.amazon.com/coral/com.amazon.bedrock/"),
                Buffer.buffer("{\"message\":\"The provided model identifier is invalid.\"}"));
        assertThat(error.status()).isEqualTo(400);
        assertThat(json(error.body())).isEqualTo(json(Buffer.buffer("{\"error\":{\"message\":"
                + "\"The provided model identifier is invalid.\",\"type\":\"invalid_request_error\",\"param\":null,"
                + "\"code\":\"invalid_request\"}}")));
    }

    @Test
    void shouldMapByStatusWhenOnlyTheBodyIsGiven() {
        assertThat(translator.error(429, Buffer.buffer("{\"message\":\"Too many requests\"}")).status()).isEqualTo(429);
        assertThat(translator.error(503, Buffer.buffer("{\"message\":\"Unavailable\"}")).status()).isEqualTo(503);
        assertThat(translator.error(400, Buffer.buffer("not json")).status()).isEqualTo(400);
        ClientError denied = translator.error(403, Buffer.buffer(
                "{\"message\":\"User: arn:aws:iam::123456789012:user/gw is not authorized\"}"));
        assertThat(denied.status()).isEqualTo(502);
        assertThat(denied.body().toString()).contains("upstream_credentials_rejected").doesNotContain("123456789012");
    }

    @Test
    void shouldReadTheTypeFromTheBodyWhenTheHeaderIsAbsent() {
        ClientError error = translator.error(429,
                Buffer.buffer("{\"__type\":\"ModelNotReadyException\",\"message\":\"Model is not ready\"}"));
        assertThat(error.status()).isEqualTo(503);
    }

    @Test
    void shouldBeChosenForOpenAiClientsOfBedrockTargets() {
        assertThat(Translators.forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, TARGET, Clock.systemUTC()))
                .isInstanceOf(OpenAiToBedrockTranslator.class);
        // An Anthropic client reaches Bedrock through the OpenAI form, not with this translator alone.
        assertThat(Translators.forAttempt(ClientApi.ANTHROPIC_MESSAGES, TARGET, Clock.systemUTC()))
                .isNotInstanceOf(OpenAiToBedrockTranslator.class);
    }

    // ------------------------------------------------------------------------------------------ helpers

    private String runStream(List<byte[]> chunks) {
        OpenAiToBedrockTranslator t = new OpenAiToBedrockTranslator(CLOCK, () -> "chatcmpl-fixed");
        ObjectNode body = fixture("mixed-request.json").put("stream", true);
        body.putObject("stream_options").put("include_usage", true);
        t.request(request(body), TARGET, MODEL);
        StreamTranslator stream = t.stream();
        Buffer out = Buffer.buffer();
        for (byte[] chunk : chunks) {
            out.appendBuffer(stream.onData(Buffer.buffer(chunk)));
        }
        return out.appendBuffer(stream.onEnd()).toString(StandardCharsets.UTF_8);
    }

    private static byte[] transcript() {
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode e : read("stream-events.json")) {
            frames.add(EventStreamFrames.event(e.get("event").asText(), e.get("payload").toString()));
        }
        return EventStreamFrames.concat(frames);
    }

    private static String expectedStream() {
        return text("stream-chunks.sse");
    }

    private static List<String> events(String sse) {
        List<String> out = new ArrayList<>();
        for (String block : sse.split("\n\n")) {
            if (block.startsWith("data: ")) {
                out.add(block.substring(6));
            }
        }
        return out;
    }

    private void assertRefused(ObjectNode body, String field) {
        assertThatThrownBy(() -> translator.request(request(body), TARGET, MODEL))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo(field));
    }

    private static ClientRequest request(ObjectNode body) {
        return new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, body, body.path("stream").asBoolean(false));
    }

    private static Target target(String path) {
        return new Target("bedrock-east", Provider.BEDROCK,
                new Endpoint("https", "bedrock-runtime.us-east-1.amazonaws.com", 443, ""), path, 1, 1, List.of(),
                null, Map.of(), Map.of(),
                new Credentials(null, null, new Credentials.AwsCredentials("us-east-1", "aws-id", "aws-secret", null),
                        null), null, null);
    }

    private static ObjectNode fixture(String name) {
        return (ObjectNode) read(name);
    }

    private static JsonNode read(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(String name) {
        try (InputStream in = OpenAiToBedrockTranslatorTest.class.getResourceAsStream(
                "/provider/openai-to-bedrock/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String text) {
        return json(Buffer.buffer(text));
    }

    private static JsonNode json(Buffer buffer) {
        try {
            return JSON.readTree(buffer.getBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
