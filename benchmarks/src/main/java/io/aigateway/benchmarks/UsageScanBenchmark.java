package io.aigateway.benchmarks;

import io.aigateway.proxy.metrics.UsageScanner;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
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

/**
 * What reading the token usage costs the proxy per answer: a fresh {@link UsageScanner} over the bytes the client
 * receives, as the proxy hands them over (a Vert.x buffer, read in its own array). Average time per answer, in
 * microseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class UsageScanBenchmark {

    /** One answer as the client receives it, with the usage it carries. */
    public enum Answer {
        /** A whole chat completion (OpenAI's documented example, 0.8 KB). */
        OPENAI_JSON(false, 19, 10),
        /** A whole message (Anthropic's documented example). */
        ANTHROPIC_JSON(false, 2095, 503),
        /** A chat completion stream: role chunk, 8 content chunks, finish chunk, usage chunk, [DONE] (3 KB). */
        OPENAI_STREAM(true, 17, 9),
        /** A messages stream: message_start, 8 text deltas, message_delta with the output count, message_stop. */
        ANTHROPIC_STREAM(true, 25, 9);

        final boolean stream;
        final long input;
        final long output;

        Answer(boolean stream, long input, long output) {
            this.stream = stream;
            this.input = input;
            this.output = output;
        }
    }

    @Param
    public Answer answer;

    private Buffer bytes;

    @Setup
    public void setup() {
        bytes = Buffer.buffer(bytesOf(answer));
        UsageScanner check = scan();
        if (check.inputTokens() != answer.input || check.outputTokens() != answer.output) {
            throw new IllegalStateException(answer + " read " + check.inputTokens() + "/" + check.outputTokens());
        }
    }

    @Benchmark
    public UsageScanner scan() {
        UsageScanner scanner = answer.stream ? UsageScanner.forStream() : UsageScanner.forJson();
        scanner.accept(bytes);
        return scanner;
    }

    static byte[] bytesOf(Answer answer) {
        return switch (answer) {
            case OPENAI_JSON -> TranslationBenchmark.resource("response.openai.json");
            case ANTHROPIC_JSON -> TranslationBenchmark.resource("response.anthropic.json");
            case OPENAI_STREAM -> stream("stream-prime.openai.sse", "stream-event.openai.sse",
                    "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
                            + "\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                            + "data: {\"id\":\"chatcmpl-123\",\"object\":\"chat.completion.chunk\",\"choices\":[],"
                            + "\"usage\":{\"prompt_tokens\":17,\"completion_tokens\":9,\"total_tokens\":26}}\n\n"
                            + "data: [DONE]\n\n");
            case ANTHROPIC_STREAM -> stream("stream-prime.anthropic.sse", "stream-event.anthropic.sse",
                    "event: content_block_stop\ndata: {\"type\": \"content_block_stop\", \"index\": 0}\n\n"
                            + "event: message_delta\ndata: {\"type\": \"message_delta\", \"delta\": {\"stop_reason\": "
                            + "\"end_turn\", \"stop_sequence\": null}, \"usage\": {\"output_tokens\": 9}}\n\n"
                            + "event: message_stop\ndata: {\"type\": \"message_stop\"}\n\n");
        };
    }

    /** The primed start of a stream, then seven more content events, then its end. */
    private static byte[] stream(String prime, String event, String end) {
        StringBuilder s = new StringBuilder(new String(TranslationBenchmark.resource(prime), StandardCharsets.UTF_8));
        String one = new String(TranslationBenchmark.resource(event), StandardCharsets.UTF_8);
        for (int i = 0; i < 7; i++) {
            s.append(one);
        }
        return s.append(end).toString().getBytes(StandardCharsets.UTF_8);
    }
}
