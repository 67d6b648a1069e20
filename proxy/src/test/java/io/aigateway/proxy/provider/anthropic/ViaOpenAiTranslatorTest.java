package io.aigateway.proxy.provider.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.proxy.provider.Translators;
import io.aigateway.proxy.provider.bedrock.EventStreamFrames;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.OpenAiChunkStream;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An Anthropic client's stream through OpenAI to Gemini, Bedrock and the Responses API: the first leg hands its
 * chunks to the second as trees, and the client gets exactly what writing them as events and reading them back gave.
 */
class ViaOpenAiTranslatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> streams() throws IOException {
        Target gemini = target(Provider.GEMINI, "/v1beta", new Credentials("k", null, null, null));
        Target responses = new Target("t", Provider.OPENAI, new Endpoint("https", "api.example.com", 443, "/v1"),
                null, 1, 1, List.of(), null, Map.of(), Map.of("api", "responses"), Credentials.NONE, null, null);
        Target bedrock = target(Provider.BEDROCK, "", new Credentials(null, null,
                new Credentials.AwsCredentials("us-east-1", "aws-id", "aws-secret", null), null));
        List<Arguments> out = new ArrayList<>();
        for (String name : List.of("stream-text", "stream-function-calls", "stream-signed-calls",
                "stream-signed-text", "stream-prompt-blocked")) {
            out.add(Arguments.of("gemini " + name, gemini, resource("openai-to-gemini/" + name + ".gemini.sse")));
        }
        for (String name : List.of("text", "tools", "error", "failed")) {
            out.add(Arguments.of("responses " + name, responses, resource("openai-to-responses/" + name + ".sse")));
        }
        List<byte[]> frames = new ArrayList<>();
        for (JsonNode event : JSON.readTree(resource("openai-to-bedrock/stream-events.json"))) {
            frames.add(EventStreamFrames.event(event.get("event").asText(), event.get("payload").toString()));
        }
        out.add(Arguments.of("bedrock events", bedrock, EventStreamFrames.concat(frames)));
        frames.add(3, EventStreamFrames.exception("throttlingException", "{\"message\":\"slow down\"}"));
        out.add(Arguments.of("bedrock exception", bedrock, EventStreamFrames.concat(frames)));
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void shouldGiveWhatWritingAndReadingTheChunksGave(String name, Target target, byte[] upstream) {
        for (int piece : new int[] {7, 64, upstream.length}) {
            assertThat(normalised(run(target, upstream, piece, true, Function.identity())))
                    .as("%s in pieces of %d", name, piece)
                    .isEqualTo(normalised(run(target, upstream, piece, true, ViaOpenAiTranslatorTest::bytesOnly)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void shouldGiveWhatWritingAndReadingTheChunksGaveWhenCut(String name, Target target, byte[] upstream) {
        assertThat(normalised(run(target, upstream, 5, false, Function.identity())))
                .isEqualTo(normalised(run(target, upstream, 5, false, ViaOpenAiTranslatorTest::bytesOnly)));
    }

    /** The client's bytes for the upstream fed in pieces, then its end (or, when cut, half of it and the cut). */
    private static String run(Target target, byte[] upstream, int piece, boolean whole,
            Function<Translator, Translator> inner) {
        Translator via = new ViaOpenAiTranslator(inner.apply(
                Translators.forAttempt(ClientApi.OPENAI_CHAT_COMPLETIONS, target, Clock.systemUTC())));
        ObjectNode body = JSON.createObjectNode().put("model", "m").put("max_tokens", 100).put("stream", true);
        body.putArray("messages").addObject().put("role", "user").put("content", "hi");
        via.request(new ClientRequest(ClientApi.ANTHROPIC_MESSAGES, body, true), target, "m");
        StreamTranslator stream = via.stream();
        StringBuilder out = new StringBuilder();
        int end = whole ? upstream.length : upstream.length / 2;
        try {
            for (int i = 0; i < end; i += piece) {
                out.append(stream.onData(Buffer.buffer(java.util.Arrays.copyOfRange(upstream, i,
                        Math.min(end, i + piece)))).toString(StandardCharsets.UTF_8));
            }
            out.append(whole ? stream.onEnd() : stream.cut("cut here"));
        } catch (RuntimeException e) {
            out.append("thrown: ").append(e.getMessage()).append('\n').append(stream.cut(e.getMessage()));
        }
        return out.toString();
    }

    /** Ids are fresh per attempt. */
    private static String normalised(String events) {
        return events.replaceAll("\"id\":\"[^\"]*\"", "\"id\":\"…\"");
    }

    /** The translator with a stream that only gives bytes, as any not handing chunks on. */
    private static Translator bytesOnly(Translator translator) {
        return new Translator() {
            @Override
            public UpstreamCall request(ClientRequest request, Target target, String model) {
                return translator.request(request, target, model);
            }

            @Override
            public Buffer response(Buffer upstreamBody) {
                return translator.response(upstreamBody);
            }

            @Override
            public StreamTranslator stream() {
                StreamTranslator stream = translator.stream();
                assertThat(stream).isInstanceOf(OpenAiChunkStream.class);
                return new StreamTranslator() {
                    @Override
                    public Buffer onData(Buffer chunk) {
                        return stream.onData(chunk);
                    }

                    @Override
                    public Buffer onEnd() {
                        return stream.onEnd();
                    }

                    @Override
                    public Buffer cut(String reason) {
                        return stream.cut(reason);
                    }
                };
            }

            @Override
            public ClientError error(int status, Buffer upstreamBody) {
                return translator.error(status, upstreamBody);
            }
        };
    }

    private static Target target(Provider provider, String basePath, Credentials credentials) {
        return new Target("t", provider, new Endpoint("https", "api.example.com", 443, basePath), null, 1, 1,
                List.of(), null, Map.of(), Map.of(), credentials, null, null);
    }

    private static byte[] resource(String name) {
        try (InputStream in = ViaOpenAiTranslatorTest.class.getResourceAsStream("/provider/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
