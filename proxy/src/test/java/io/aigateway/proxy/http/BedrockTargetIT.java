package io.aigateway.proxy.http;

import static io.aigateway.proxy.support.OpenAiSdk.weatherParams;
import static io.aigateway.proxy.support.StrictBedrock.converse;
import static io.aigateway.proxy.support.StrictBedrock.text;
import static io.aigateway.proxy.support.StrictBedrock.toolUse;
import static io.aigateway.proxy.support.StrictBedrock.usage;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.auth.SigV4Signer;
import io.aigateway.proxy.provider.bedrock.EventStreamFrames;
import io.aigateway.proxy.support.OpenAiSdk;
import io.aigateway.proxy.support.SdkThroughProxy;
import io.aigateway.proxy.support.StrictBedrock;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official OpenAI Java SDK through the proxy to a {@code bedrock} target: a strict fake Bedrock Runtime that
 * checks every request's SigV4 signature and the Converse rules, and streams binary event-stream frames.
 */
class BedrockTargetIT extends SdkThroughProxy {

    private static final SigV4Signer.AwsKey KEY = new SigV4Signer.AwsKey("eu-west-1", "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "session-token-example");
    /** A Bedrock model id with the colon that must be percent-encoded in the path, and signed encoded. */
    private static final String MODEL = "anthropic.claude-3-haiku-20240307-v1:0";
    private static final String ENCODED_MODEL = "anthropic.claude-3-haiku-20240307-v1%3A0";

    private StrictBedrock bedrock;

    @BeforeEach
    void setUp() throws Exception {
        bedrock = StrictBedrock.start(vertx, KEY);
        start(new Target("bedrock", Provider.BEDROCK,
                new Endpoint("http", "127.0.0.1", bedrock.port(), ""), null, 1, 1, List.of(), null, Map.of(),
                Map.of(), new Credentials(null, null, new Credentials.AwsCredentials(KEY.region(), "u.aws.id",
                        "u.aws.secret", "u.aws.token"), null), null, null),
                Map.of("u.aws.id", KEY.accessKeyId(), "u.aws.secret", KEY.secretAccessKey(),
                        "u.aws.token", KEY.sessionToken()));
    }

    /** Answers a ConverseStream with these events, as binary frames cut every 17 bytes. */
    private void stream(List<byte[]> frames) {
        bedrock.answer((req, body) -> OpenAiSdk.writeSplit(req.response(), "application/vnd.amazon.eventstream",
                EventStreamFrames.concat(frames), 17));
    }

    private static byte[] frame(String eventType, JsonObject payload) {
        return EventStreamFrames.event(eventType, payload.encode());
    }

    private static byte[] textDelta(int index, String text) {
        return frame("contentBlockDelta", new JsonObject().put("contentBlockIndex", index)
                .put("delta", new JsonObject().put("text", text)));
    }

    private static byte[] metadata(JsonObject usage) {
        return frame("metadata", new JsonObject().put("usage", usage)
                .put("metrics", new JsonObject().put("latencyMs", 1389)));
    }

    @Test
    void shouldAnswerAPlainCompletionWithTheUsageIncludingCachedTokens() {
        bedrock.answer((req, body) -> req.response().putHeader("Content-Type", "application/json")
                .end(converse(new JsonArray().add(text("Hello! How can I help?")), "end_turn", usage(20, 9, 100))
                        .encode()));

        ChatCompletion completion = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model(MODEL).addSystemMessage("Be brief.").addUserMessage("Hello").maxCompletionTokens(200).build());

        assertPlainCompletion(completion, "Hello! How can I help?", 120, 9, 129, 100);
        assertThat(bedrock.last().uri()).isEqualTo("/model/" + ENCODED_MODEL + "/converse");
        JsonObject sent = bedrock.lastBody();
        assertThat(sent.getJsonArray("system").getJsonObject(0).getString("text")).isEqualTo("Be brief.");
        assertThat(sent.getJsonObject("inferenceConfig").getInteger("maxTokens")).isEqualTo(200);
        assertThat(bedrock.last().headers().get("X-Amz-Security-Token")).isEqualTo(KEY.sessionToken());
    }

    @Test
    void shouldStreamTheTextDeltasInOrderFromBinaryFramesAndAFinalUsageChunk() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(frame("messageStart", new JsonObject().put("role", "assistant")));
        for (String piece : List.of("Héllo", ", wörld", " 🌍", "!")) {
            frames.add(textDelta(0, piece));
        }
        frames.add(frame("contentBlockStop", new JsonObject().put("contentBlockIndex", 0)));
        frames.add(frame("messageStop", new JsonObject().put("stopReason", "end_turn")));
        frames.add(metadata(usage(20, 6, 8)));
        stream(frames);

        OpenAiSdk.Collected got = streamHello(MODEL);

        assertStreamedHello(got, 28, 6, 34, 8);
        assertThat(bedrock.last().uri()).isEqualTo("/model/" + ENCODED_MODEL + "/converse-stream");
    }

    @Test
    void shouldStreamWithoutAUsageChunkWhenTheClientDidNotAskForIt() {
        stream(List.of(frame("messageStart", new JsonObject().put("role", "assistant")), textDelta(0, "Hi"),
                frame("contentBlockStop", new JsonObject().put("contentBlockIndex", 0)),
                frame("messageStop", new JsonObject().put("stopReason", "end_turn")), metadata(usage(20, 2, 0))));

        OpenAiSdk.Collected got = streamHelloWithoutUsage(MODEL);

        assertThat(got.text()).isEqualTo("Hi");
        assertThat(got.finishes).containsExactly("stop");
        assertThat(got.usages).isEmpty();
    }

    @Test
    void shouldCallAToolAndSendItsResultBackPairedWithTheToolUseId() {
        bedrock.answer((req, body) -> {
            JsonArray messages = new JsonObject(body).getJsonArray("messages");
            JsonObject lastBlock = messages.getJsonObject(messages.size() - 1).getJsonArray("content")
                    .getJsonObject(0);
            JsonObject answer = lastBlock.containsKey("toolResult")
                    ? converse(new JsonArray().add(text("It is " + lastBlock.getJsonObject("toolResult")
                            .getJsonArray("content").getJsonObject(0).getString("text") + " in Paris.")), "end_turn",
                            usage(80, 12, 0))
                    : converse(new JsonArray().add(text("Let me check."))
                            .add(toolUse("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q", "get_weather",
                                    new JsonObject().put("location", "Paris, France"))), "tool_use", usage(60, 30, 0));
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });

        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());

        ChatCompletionMessageFunctionToolCall call = assertToolCalled(first, "get_weather",
                new JsonObject().put("location", "Paris, France"));
        assertThat(call.id()).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        JsonObject spec = bedrock.lastBody().getJsonObject("toolConfig").getJsonArray("tools").getJsonObject(0)
                .getJsonObject("toolSpec");
        assertThat(spec.getString("name")).isEqualTo("get_weather");

        ChatCompletion second = answerTool(MODEL, first, call.id(), "18 °C");

        assertThat(second.choices().get(0).message().content()).hasValue("It is 18 °C in Paris.");
        JsonArray messages = bedrock.lastBody().getJsonArray("messages");
        assertThat(messages).hasSize(3);
        assertThat(messages.getJsonObject(2).getJsonArray("content").getJsonObject(0).getJsonObject("toolResult")
                .getString("toolUseId")).isEqualTo("tooluse_kZJMlvQmRJ6eAyJE5GIl7Q");
        assertThat(bedrock.received()).hasSize(2);
    }

    @Test
    void shouldStreamAToolCallWithItsIdAndNameOnTheFirstDeltaAndArgumentsThatJoinToJson() {
        List<byte[]> frames = new ArrayList<>();
        frames.add(frame("messageStart", new JsonObject().put("role", "assistant")));
        frames.add(textDelta(0, "Let me check."));
        frames.add(frame("contentBlockStop", new JsonObject().put("contentBlockIndex", 0)));
        frames.add(frame("contentBlockStart", new JsonObject().put("contentBlockIndex", 1).put("start",
                new JsonObject().put("toolUse", new JsonObject().put("toolUseId", "tooluse_stream1")
                        .put("name", "get_weather")))));
        for (String piece : List.of("{\"loc", "ation\": \"Bogo", "tá\"}")) {
            frames.add(frame("contentBlockDelta", new JsonObject().put("contentBlockIndex", 1).put("delta",
                    new JsonObject().put("toolUse", new JsonObject().put("input", piece)))));
        }
        frames.add(frame("contentBlockStop", new JsonObject().put("contentBlockIndex", 1)));
        frames.add(frame("messageStop", new JsonObject().put("stopReason", "tool_use")));
        frames.add(metadata(usage(375, 56, 0)));
        stream(frames);

        OpenAiSdk.Collected got = streamWithUsage(weatherParams(MODEL));

        assertThat(got.text()).isEqualTo("Let me check.");
        assertStreamedToolCall(got, "tooluse_stream1", "get_weather", new JsonObject().put("location", "Bogotá"));
        assertToolCallsFinishAndUsage(got, 431);
    }

    @Test
    void shouldPairEveryResultOfParallelToolCallsAndAFollowingUserMessageInOneTurn() {
        bedrock.answer((req, body) -> {
            JsonArray messages = new JsonObject(body).getJsonArray("messages");
            JsonObject answer = messages.size() == 1
                    ? converse(new JsonArray()
                            .add(toolUse("tooluse_paris", "get_weather", new JsonObject().put("location", "Paris")))
                            .add(toolUse("tooluse_bogota", "get_weather", new JsonObject().put("location", "Bogotá"))),
                            "tool_use", usage(60, 30, 0))
                    : converse(new JsonArray().add(text("Paris 18 °C, Bogotá 14 °C.")), "end_turn",
                            usage(90, 10, 0));
            req.response().putHeader("Content-Type", "application/json").end(answer.encode());
        });
        ChatCompletion first = sdk.chat().completions().create(weatherParams(MODEL).build());
        var calls = first.choices().get(0).message().toolCalls().orElseThrow();
        assertThat(calls).extracting(c -> c.asFunction().id()).containsExactly("tooluse_paris", "tooluse_bogota");
        assertThat(first.choices().get(0).message().content()).isEmpty();

        ChatCompletion second = answerParisAndBogota(MODEL, first, "tooluse_paris", "tooluse_bogota");

        assertThat(second.choices().get(0).message().content()).hasValue("Paris 18 °C, Bogotá 14 °C.");
        JsonArray messages = bedrock.lastBody().getJsonArray("messages");
        assertThat(messages).hasSize(3);
        JsonArray blocks = messages.getJsonObject(2).getJsonArray("content");
        assertThat(blocks.getJsonObject(0).getJsonObject("toolResult").getString("toolUseId"))
                .isEqualTo("tooluse_paris");
        assertThat(blocks.getJsonObject(1).getJsonObject("toolResult").getString("toolUseId"))
                .isEqualTo("tooluse_bogota");
        assertThat(blocks.getJsonObject(2).getString("text")).isEqualTo("Answer in one line.");
    }

    @Test
    void shouldPassTheProvidersRefusalToTheClientInOpenAiFormat() {
        bedrock.answer((req, body) -> req.response().setStatusCode(400).putHeader("Content-Type",
                "application/json").putHeader("x-amzn-ErrorType", "ValidationException:http://internal.amazon.com/"
                        + "coral/com.amazon.bedrock/").end(new JsonObject().put("message", "Input is too long for "
                                + "requested model.").encode()));

        assertRefusedWith(MODEL, "Input is too long");
    }

    @Test
    void shouldTranslateTheSeedsMixedRequest() {
        ChatCompletion completion = sdk.chat().completions().create(seedsMixedRequest(MODEL));

        assertThat(completion.choices().get(0).message().content()).hasValue("Hello from Bedrock");
        JsonObject sent = bedrock.lastBody();
        assertThat(sent.getJsonObject("inferenceConfig").getInteger("maxTokens")).isEqualTo(50);
        assertThat(sent.getJsonArray("system").stream().map(b -> ((JsonObject) b).getString("text")))
                .containsExactly("You are terse.", "Answer in French.");
    }

    @Test
    void shouldEndAStreamThatBedrockBreaksOffWithAnExceptionTheSdkRaises() {
        stream(List.of(frame("messageStart", new JsonObject().put("role", "assistant")), textDelta(0, "Partial"),
                EventStreamFrames.exception("throttlingException", new JsonObject()
                        .put("message", "Too many requests, please wait before trying again.").encode())));

        assertStreamBrokenOff(MODEL, "Too many requests", "Partial");
    }

    // ---------------------------------------------------------------- the fake bites

    private static final String VALID = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"hi\"}]}]}";

    /** A request signed over {@code signedBody} with {@code key}, sending {@code sentBody}. */
    private HttpResponse<String> direct(SigV4Signer.AwsKey key, String signedBody, String sentBody) throws Exception {
        URI url = URI.create("http://127.0.0.1:" + bedrock.port() + "/model/" + ENCODED_MODEL + "/converse");
        Map<String, String> added = SigV4Signer.bedrock().sign("POST", url,
                Map.of("content-type", List.of("application/json")), signedBody.getBytes(StandardCharsets.UTF_8),
                key);
        HttpRequest.Builder b = HttpRequest.newBuilder(url).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(sentBody));
        added.forEach(b::header);
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldHaveAFakeThatChecksTheSignature() throws Exception {
        HttpResponse<String> ok = direct(KEY, VALID, VALID);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        SigV4Signer.AwsKey wrongSecret = new SigV4Signer.AwsKey(KEY.region(), KEY.accessKeyId(), "not-the-secret",
                KEY.sessionToken());
        HttpResponse<String> forged = direct(wrongSecret, VALID, VALID);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.headers().firstValue("x-amzn-ErrorType").orElseThrow())
                .startsWith("InvalidSignatureException");
        assertThat(new JsonObject(forged.body()).getString("message")).contains("signature we calculated");

        String other = VALID.replace("hi", "bye");
        assertThat(direct(KEY, VALID, other).statusCode()).isEqualTo(400); // body changed after signing

        SigV4Signer.AwsKey otherRegion = new SigV4Signer.AwsKey("us-east-1", KEY.accessKeyId(),
                KEY.secretAccessKey(), KEY.sessionToken());
        assertThat(direct(otherRegion, VALID, VALID).statusCode()).isEqualTo(403);
    }

    @Test
    void shouldHaveAFakeThatRefusesAnOpenAiShapedBody() throws Exception {
        String openAi = "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        HttpResponse<String> r = direct(KEY, openAi, openAi);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-amzn-ErrorType").orElseThrow()).startsWith("ValidationException");
        assertThat(new JsonObject(r.body()).getString("message")).contains("extraneous key [model]");
    }

    @Test
    void shouldHaveAFakeThatRefusesAToolResultWithoutItsToolUse() throws Exception {
        String unpaired = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"weather?\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"tu_A\",\"name\":\"get_weather\","
                + "\"input\":{}}}]},{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"tu_B\","
                + "\"content\":[{\"text\":\"18\"}]}}]}],\"toolConfig\":{\"tools\":[{\"toolSpec\":{\"name\":"
                + "\"get_weather\",\"inputSchema\":{\"json\":{\"type\":\"object\"}}}}]}}";
        HttpResponse<String> r = direct(KEY, unpaired, unpaired);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("tu_B");
    }
}
