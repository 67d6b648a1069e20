package io.aigateway.proxy.provider.responses;

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
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Fixtures in {@code provider/openai-to-responses/}, after OpenAI's documented examples. */
class OpenAiToResponsesTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DIR = "/provider/openai-to-responses/";
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);
    private static final Target TARGET = target(null, Map.of("api", "responses"));

    private static Target target(String path, Map<String, String> options) {
        return new Target("oai", Provider.OPENAI, new Endpoint("https", "api.openai.com", 443, "/v1"), path, 1, 1,
                List.of(), null, Map.of(), options, Credentials.NONE, null, null);
    }

    private final OpenAiToResponsesTranslator translator = new OpenAiToResponsesTranslator(CLOCK);

    // ---------------------------------------------------------------- request

    @ParameterizedTest
    @ValueSource(strings = {"mixed-request", "tools-request", "image-request"})
    void shouldTranslateTheRequestAsTheFixtureSays(String name) {
        ClientRequest request = request(json(name + ".chat.json"));
        JsonNode before = request.body().deepCopy();

        UpstreamCall call = translator.request(request, TARGET, request.body().path("model").asText());

        assertThat(parse(call.body())).isEqualTo(json(name + ".responses.json"));
        assertThat(call.path()).isEqualTo("/v1/responses");
        assertThat(call.headers().get("content-type")).isEqualTo("application/json");
        assertThat(request.body()).as("the client's request is never mutated").isEqualTo(before);
    }

    @Test
    void shouldSendTheTargetsModelAndPathWhenGiven() {
        UpstreamCall call = translator.request(request(json("mixed-request.chat.json")),
                target("/openai/v1/responses?x=1", Map.of("api", "responses")), "gpt-4.1-mini");

        assertThat(call.path()).isEqualTo("/openai/v1/responses?x=1");
        assertThat(parse(call.body()).path("model").asText()).isEqualTo("gpt-4.1-mini");
    }

    @Test
    void shouldNeverAskTheProviderToStoreByDefault() {
        ObjectNode body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        JsonNode sent = parse(translator.request(request(body), TARGET, "m").body());

        assertThat(sent.get("store").isBoolean()).isTrue();
        assertThat(sent.get("store").asBoolean()).isFalse();
        assertThat(sent.has("instructions")).isFalse();
        assertThat(sent.has("stream")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"n\":2 | n",
        "\"n\":1.5 | n",
        "\"logprobs\":true | logprobs",
        "\"top_logprobs\":3 | top_logprobs",
        "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"} | audio",
        "\"modalities\":[\"text\",\"audio\"] | modalities",
        "\"stop\":[\"\\n\"] | stop",
        "\"stop\":\"END\" | stop",
        "\"logit_bias\":{\"50256\":-100} | logit_bias",
        "\"functions\":[] | functions",
        "\"web_search_options\":{} | web_search_options",
        "\"max_tokens\":0 | max_tokens",
        "\"max_completion_tokens\":\"ten\" | max_completion_tokens",
        "\"temperature\":\"hot\" | temperature",
        "\"tool_choice\":\"any\" | tool_choice",
        "\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"x\"}}] | tools[0].type",
        "\"response_format\":{\"type\":\"xml\"} | response_format.type"})
    void shouldRefuseWhatWouldChangeTheAnswerNamingTheField(String field, String named) {
        ObjectNode body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]," + field + "}");

        assertThatThrownBy(() -> translator.request(request(body), TARGET, "m"))
                .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).isEqualTo(named));
    }

    @Test
    void shouldRefuseAudioInputNamingThePart() {
        ObjectNode body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"hi\"},{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"wav\"}}]}]}");

        assertThatThrownBy(() -> translator.request(request(body), TARGET, "m"))
                .isInstanceOfSatisfying(TranslationException.class,
                        e -> assertThat(e.field()).isEqualTo("messages[0].content[1].type"));
    }

    @Test
    void shouldRefuseAToolMessageWithoutItsCallId() {
        ObjectNode body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"tool\",\"content\":\"14\"}]}");

        assertThatThrownBy(() -> translator.request(request(body), TARGET, "m"))
                .isInstanceOfSatisfying(TranslationException.class,
                        e -> assertThat(e.field()).isEqualTo("messages[0].tool_call_id"));
    }

    @Test
    void shouldDropHarmlessFields() {
        ObjectNode body = body("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"n\":1,"
                + "\"seed\":1,\"frequency_penalty\":0.5,\"presence_penalty\":0.5,\"logit_bias\":{},\"stop\":null,"
                + "\"prediction\":{\"type\":\"content\",\"content\":\"x\"},\"logprobs\":false,"
                + "\"response_format\":{\"type\":\"text\"},\"some_future_field\":true}");

        JsonNode sent = parse(translator.request(request(body), TARGET, "m").body());

        assertThat(sent).isEqualTo(json("{\"model\":\"m\",\"input\":[{\"type\":\"message\",\"role\":\"user\","
                + "\"content\":\"hi\"}],\"store\":false}"));
    }

    // ---------------------------------------------------------------- response

    @ParameterizedTest
    @ValueSource(strings = {"text", "function-call", "incomplete"})
    void shouldTranslateTheResponseAsTheFixtureSays(String name) {
        Buffer out = translator.response(resource(name + ".response.json"));

        assertThat(parse(out)).isEqualTo(json(name + ".chat.json"));
    }

    @Test
    void shouldTakeCreatedFromTheClockWhenTheResponseHasNoCreatedAt() {
        Buffer out = translator.response(Buffer.buffer("{\"id\":\"resp_1\",\"object\":\"response\",\"status\":"
                + "\"completed\",\"model\":\"gpt-4.1\",\"output\":[{\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[{\"type\":\"refusal\",\"refusal\":\"I can't help with that.\"}]}]}"));

        JsonNode chat = parse(out);
        assertThat(chat.path("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(chat.path("choices").path(0).path("message").path("refusal").asText())
                .isEqualTo("I can't help with that.");
        assertThat(chat.path("choices").path(0).path("message").path("content").isNull()).isTrue();
        assertThat(chat.has("usage")).isFalse();
    }

    @Test
    void shouldMapAContentFilteredResponseToContentFilter() {
        Buffer out = translator.response(Buffer.buffer("{\"id\":\"resp_1\",\"created_at\":1,\"status\":"
                + "\"incomplete\",\"incomplete_details\":{\"reason\":\"content_filter\"},\"model\":\"m\","
                + "\"output\":[]}"));

        assertThat(parse(out).path("choices").path(0).path("finish_reason").asText()).isEqualTo("content_filter");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{\"object\":\"response\",\"output\":[]}",
        "{\"id\":\"resp_1\",\"status\":\"completed\"}",
        "{\"id\":\"resp_1\",\"object\":\"chat.completion\",\"output\":[]}",
        "{\"id\":\"resp_1\",\"output\":[{\"type\":\"function_call\",\"name\":\"f\",\"arguments\":\"{}\"}]}",
        "{\"id\":\"resp_1\",\"status\":\"failed\",\"error\":{\"code\":\"server_error\",\"message\":\"x\"},"
                + "\"output\":[]}"})
    void shouldRejectAMalformedResponse(String body) {
        assertThatThrownBy(() -> translator.response(Buffer.buffer(body)))
                .isInstanceOf(ProviderResponseException.class);
    }

    // ---------------------------------------------------------------- stream

    @ParameterizedTest
    @ValueSource(strings = {"text", "tools", "failed", "error"})
    void shouldTranslateTheStreamAsTheFixtureSays(String name) {
        String expected = resource(name + ".expected.sse").toString(StandardCharsets.UTF_8);

        assertThat(streamWhole(name + ".sse", true)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "tools"})
    void shouldGiveTheSameStreamWhereverTheBytesAreSplit(String name) {
        byte[] all = resource(name + ".sse").getBytes();
        String expected = streamWhole(name + ".sse", true);
        for (int cut = 0; cut <= all.length; cut++) {
            StreamTranslator stream = streamTranslator(true);
            Buffer out = Buffer.buffer();
            out.appendBuffer(stream.onData(Buffer.buffer(slice(all, 0, cut))));
            out.appendBuffer(stream.onData(Buffer.buffer(slice(all, cut, all.length))));
            out.appendBuffer(stream.onEnd());
            assertThat(out.toString(StandardCharsets.UTF_8)).as("split at byte %d", cut).isEqualTo(expected);
        }
        Random random = new Random(20_250_611L);
        for (int round = 0; round < 300; round++) {
            StreamTranslator stream = streamTranslator(true);
            Buffer out = Buffer.buffer();
            int at = 0;
            while (at < all.length) {
                int next = Math.min(all.length, at + 1 + random.nextInt(round % 2 == 0 ? 8 : 400));
                out.appendBuffer(stream.onData(Buffer.buffer(slice(all, at, next))));
                at = next;
            }
            out.appendBuffer(stream.onEnd());
            assertThat(out.toString(StandardCharsets.UTF_8)).as("random round %d", round).isEqualTo(expected);
        }
    }

    @Test
    void shouldSendEachChunkAsSoonAsItsEventIsComplete() {
        String[] events = resource("text.sse").toString(StandardCharsets.UTF_8).split("\n\n");
        StreamTranslator stream = streamTranslator(false);

        String created = stream.onData(Buffer.buffer(events[0] + "\n\n")).toString(StandardCharsets.UTF_8);
        String partial = stream.onData(Buffer.buffer(events[4].substring(0, 40))).toString(StandardCharsets.UTF_8);
        String delta = stream.onData(Buffer.buffer(events[4].substring(40) + "\n\n"))
                .toString(StandardCharsets.UTF_8);

        assertThat(created).contains("\"role\":\"assistant\"");
        assertThat(partial).isEmpty();
        assertThat(delta).contains("\"content\":\"Hi\"").doesNotContain("[DONE]");
    }

    @Test
    void shouldLeaveUsageOutWhenTheClientDidNotAskForIt() {
        String out = streamWhole("text.sse", false);

        assertThat(out).doesNotContain("usage").doesNotContain("\"choices\":[]").endsWith("data: [DONE]\n\n");
        assertThat(out).contains("\"finish_reason\":\"stop\"");
    }

    @Test
    void shouldReportTheUsageOfResponseCompletedThatTheClientDidNotAskFor() {
        StreamTranslator stream = streamTranslator(false);
        stream.onData(resource("text.sse"));
        stream.onEnd();

        assertThat(stream.reportedUsage()).isNotNull();
        assertThat(stream.reportedUsage().get().get("prompt_tokens").asLong()).isEqualTo(37);
        assertThat(stream.reportedUsage().get().get("completion_tokens").asLong()).isEqualTo(11);
    }

    @Test
    void shouldTellTheClientWhenTheStreamIsCutBeforeItsEnd() {
        String all = resource("text.sse").toString(StandardCharsets.UTF_8);
        StreamTranslator stream = streamTranslator(true);

        String out = stream.onData(Buffer.buffer(all.substring(0, all.indexOf("event: response.completed"))))
                .toString(StandardCharsets.UTF_8) + stream.onEnd().toString(StandardCharsets.UTF_8);

        assertThat(out).doesNotContain("[DONE]").doesNotContain("finish_reason\":\"stop");
        assertThat(lastData(out).path("error").path("message").asText()).contains("ended before");
    }

    @Test
    void shouldFailAStreamThatDoesNotStartWithResponseCreated() {
        StreamTranslator stream = streamTranslator(true);

        String out = stream.onData(Buffer.buffer("event: response.output_text.delta\ndata: {\"type\":"
                + "\"response.output_text.delta\",\"output_index\":0,\"delta\":\"x\"}\n\n"))
                .toString(StandardCharsets.UTF_8);

        assertThat(lastData(out).path("error").isObject()).isTrue();
        assertThat(stream.onData(resource("text.sse")).length()).as("nothing after the error").isZero();
        assertThat(stream.onEnd().length()).isZero();
    }

    @Test
    void shouldSendArgumentsThatOnlyTheItemDoneEventCarries() {
        StreamTranslator stream = streamTranslator(false);
        String in = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"created_at\":5,"
                + "\"model\":\"m\",\"output\":[]}}\n\n"
                + "data: {\"type\":\"response.output_item.done\",\"output_index\":0,\"item\":{\"type\":"
                + "\"function_call\",\"call_id\":\"call_1\",\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}}\n\n"
                + "data: {\"type\":\"response.completed\",\"response\":{\"id\":\"resp_1\",\"status\":"
                + "\"completed\",\"output\":[]}}\n\n";

        String out = stream.onData(Buffer.buffer(in)).toString(StandardCharsets.UTF_8);
        List<JsonNode> chunks = dataOf(out);

        assertThat(chunks.get(1).at("/choices/0/delta/tool_calls/0/id").asText()).isEqualTo("call_1");
        assertThat(chunks.get(1).at("/choices/0/delta/tool_calls/0/function/name").asText()).isEqualTo("f");
        assertThat(chunks.get(2).at("/choices/0/delta/tool_calls/0/function/arguments").asText())
                .isEqualTo("{\"a\":1}");
        assertThat(chunks.get(3).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(out).endsWith("data: [DONE]\n\n");
    }

    @Test
    void shouldFinishAnIncompleteStreamWithLength() {
        StreamTranslator stream = streamTranslator(false);
        String in = "data: {\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\",\"model\":\"m\"}}\n\n"
                + "data: {\"type\":\"response.incomplete\",\"response\":{\"id\":\"resp_1\",\"status\":\"incomplete\","
                + "\"incomplete_details\":{\"reason\":\"max_output_tokens\"}}}\n\n";

        List<JsonNode> chunks = dataOf(stream.onData(Buffer.buffer(in)).toString(StandardCharsets.UTF_8));

        assertThat(chunks.get(0).path("created").asLong()).as("from the clock").isEqualTo(1_700_000_000L);
        assertThat(chunks.get(1).at("/choices/0/finish_reason").asText()).isEqualTo("length");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void shouldPassOpenAiFormatErrorsThroughWithTheirStatus() {
        String body = "{\"error\":{\"message\":\"Invalid type for 'input[0]'.\",\"type\":\"invalid_request_error\","
                + "\"param\":\"input[0]\",\"code\":\"invalid_type\"}}";

        ClientError error = translator.error(400, Buffer.buffer(body));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.body().toString()).isEqualTo(body);
    }

    @Test
    void shouldAnswerAnOpenAiErrorWhenTheUpstreamErrorIsNotOne() {
        ClientError error = translator.error(404, Buffer.buffer("<html>Not Found</html>"));

        assertThat(error.status()).isEqualTo(404);
        JsonNode body = parse(error.body());
        assertThat(body.at("/error/message").asText()).contains("404");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    // ---------------------------------------------------------------- routing

    @Test
    void shouldBeChosenForOpenAiTargetsSpeakingTheResponsesApiOnly() {
        assertThat(Translators.forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, TARGET, Clock.systemUTC()))
                .isInstanceOf(OpenAiToResponsesTranslator.class);
        assertThat(OpenAiToResponsesTranslator.speaksResponses(target(null, Map.of("api", "completions")))).isFalse();
        assertThatThrownBy(() -> Translators.forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS,
                target(null, Map.of()), Clock.systemUTC())).isInstanceOf(UnsupportedOperationException.class);
    }

    // ---------------------------------------------------------------- helpers

    private StreamTranslator streamTranslator(boolean includeUsage) {
        OpenAiToResponsesTranslator t = new OpenAiToResponsesTranslator(CLOCK);
        String options = includeUsage ? ",\"stream_options\":{\"include_usage\":true}" : "";
        t.request(request(body("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"hi\"}]" + options + "}")), TARGET, "m");
        return t.stream();
    }

    private String streamWhole(String name, boolean includeUsage) {
        StreamTranslator stream = streamTranslator(includeUsage);
        Buffer out = Buffer.buffer();
        out.appendBuffer(stream.onData(resource(name)));
        out.appendBuffer(stream.onEnd());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<JsonNode> dataOf(String sse) {
        List<JsonNode> out = new ArrayList<>();
        for (String line : sse.split("\n")) {
            if (line.startsWith("data: ") && !line.equals("data: [DONE]")) {
                out.add(json(line.substring(6)));
            }
        }
        return out;
    }

    private static JsonNode lastData(String sse) {
        List<JsonNode> all = dataOf(sse);
        return all.get(all.size() - 1);
    }

    private static ClientRequest request(JsonNode body) {
        return new ClientRequest(ClientApi.OPENAI_CHAT_COMPLETIONS, (ObjectNode) body,
                body.path("stream").asBoolean(false));
    }

    private static ObjectNode body(String json) {
        return (ObjectNode) json(json);
    }

    private static JsonNode json(String nameOrJson) {
        try {
            if (nameOrJson.endsWith(".json")) {
                return JSON.readTree(resource(nameOrJson).getBytes());
            }
            return JSON.readTree(nameOrJson);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(Buffer buffer) {
        try {
            return JSON.readTree(buffer.getBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Buffer resource(String name) {
        try (InputStream in = OpenAiToResponsesTranslatorTest.class.getResourceAsStream(DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return Buffer.buffer(in.readAllBytes());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] slice(byte[] all, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(all, from, out, 0, out.length);
        return out;
    }
}
