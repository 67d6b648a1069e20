package io.aigateway.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.provider.Translators;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.eventstream.HeaderValue;
import software.amazon.eventstream.Message;

/**
 * The cost of translating one typical request, one typical whole response and one typical stream event, for every
 * (client API, target API) pair the gateway serves. Average time per operation, in microseconds.
 *
 * <ul>
 *   <li>{@link #request()}: the client's parsed request (system prompt, three turns, one tool) to the call sent
 *       upstream, body serialised; a fresh translator per operation, as the proxy makes one per attempt.
 *   <li>{@link #response()}: a whole upstream answer (text plus usage), bytes in, the client's bytes out.
 *   <li>{@link #streamEvent()}: one upstream text-delta event into a stream translator already past the stream's
 *       first events, so every operation is one steady-state event.
 * </ul>
 *
 * <p>{@code @Setup} checks that every output carries the fixture's text, so no row measures an error path.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TranslationBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Text the whole answer of each upstream fixture carries. */
    private static final Map<String, String> RESPONSE_TEXT = Map.of(
            "anthropic", "Hi! My name is Claude.",
            "gemini", "Unit 734 found an old backpack.",
            "bedrock", "Easy On Me",
            "openai", "How can I assist you today?",
            "responses", "a unicorn named Lumina");

    @Param
    public Pair pair;

    private ClientRequest request;
    private Translator responseTranslator;
    private Buffer responseBody;
    private Translator streaming;
    private Buffer streamPrime;
    private StreamTranslator stream;
    private Buffer streamEvent;

    @Setup
    public void setup() {
        ObjectNode body = (ObjectNode) readJson(pair.requestFixture());
        request = new ClientRequest(pair.api, body, false);

        responseTranslator = Translators.forAttempt(pair.api, pair.target, Clock.systemUTC());
        responseTranslator.request(request, pair.target, pair.model);
        responseBody = Buffer.buffer(resource("response." + pair.upstream + ".json"));

        ObjectNode streamBody = body.deepCopy().put("stream", true);
        streaming = Translators.forAttempt(pair.api, pair.target, Clock.systemUTC());
        streaming.request(new ClientRequest(pair.api, streamBody, true), pair.target, pair.model);
        streamPrime = Buffer.buffer(upstreamStream("stream-prime"));
        stream = streaming.stream();
        Buffer primed = stream.onData(streamPrime);
        streamEvent = Buffer.buffer(upstreamStream("stream-event"));

        check(primed.length() > 0, "priming the stream gave no client event");
        check(request().body().toString().contains("umbrella"), "the request lost its last message");
        check(response().toString().contains(RESPONSE_TEXT.get(pair.upstream)), "the response lost its text");
        String first = streamEvent().toString();
        check(first.contains(pair.streamDelta), "the stream event lost its text: " + first);
        check(streamEvent().toString().equals(first), "the stream event is not steady: " + first);
    }

    @Benchmark
    public UpstreamCall request() {
        return Translators.forAttempt(pair.api, pair.target, Clock.systemUTC()).request(request, pair.target, pair.model);
    }

    @Benchmark
    public Buffer response() {
        return responseTranslator.response(responseBody);
    }

    @Benchmark
    public Buffer streamEvent() {
        return stream.onData(streamEvent);
    }

    /**
     * A stream's start through a fresh stream translator: the fixture's first events (for Anthropic the message,
     * the first block, a ping and the first delta), what each stream pays once besides its deltas.
     */
    @Benchmark
    public Buffer streamStart() {
        return streaming.stream().onData(streamPrime);
    }

    /** The upstream bytes of a stream fixture: SSE text, or Bedrock's binary event-stream frames. */
    private byte[] upstreamStream(String name) {
        if (!pair.upstream.equals("bedrock")) {
            return resource(name + "." + pair.upstream + ".sse");
        }
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        for (JsonNode event : readJson(name + ".bedrock.json")) {
            Map<String, HeaderValue> headers = new LinkedHashMap<>();
            headers.put(":event-type", HeaderValue.fromString(event.get("event").asText()));
            headers.put(":content-type", HeaderValue.fromString("application/json"));
            headers.put(":message-type", HeaderValue.fromString("event"));
            ByteBuffer frame = new Message(headers, event.get("payload").toString().getBytes(StandardCharsets.UTF_8))
                    .toByteBuffer();
            byte[] bytes = new byte[frame.remaining()];
            frame.get(bytes);
            frames.writeBytes(bytes);
        }
        return frames.toByteArray();
    }

    private void check(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalStateException(pair + ": " + problem);
        }
    }

    private static JsonNode readJson(String name) {
        try {
            return JSON.readTree(resource(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] resource(String name) {
        try (InputStream in = TranslationBenchmark.class.getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
