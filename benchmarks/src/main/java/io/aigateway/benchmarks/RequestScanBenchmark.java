package io.aigateway.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.http.ModelField;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * What the forward path reads of every request body before it picks a target: one streaming pass for its
 * {@code model}. Average time per request body, in microseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class RequestScanBenchmark {

    /** Where {@code model} sits in the fixture's chat request (system prompt, three turns, one tool; 0.9 KB). */
    public enum Order {
        /** First, as curl users tend to write it. */
        MODEL_FIRST,
        /** After {@code messages}, as the official OpenAI SDKs write it. */
        MODEL_AFTER_MESSAGES
    }

    @Param
    public Order order;

    private Buffer body;

    @Setup
    public void setup() {
        ObjectMapper json = new ObjectMapper();
        try {
            ObjectNode request = (ObjectNode) json.readTree(TranslationBenchmark.resource("request.openai.json"));
            if (order == Order.MODEL_AFTER_MESSAGES) {
                request.set("model", request.remove("model"));
                ObjectNode reordered = json.createObjectNode().set("messages", request.remove("messages"));
                request = reordered.setAll(request);
            }
            body = Buffer.buffer(json.writeValueAsBytes(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!"gpt-4o".equals(scan())) {
            throw new IllegalStateException("the fixture's model was not read");
        }
    }

    @Benchmark
    public String scan() {
        return ModelField.scan(body, true).model();
    }
}
