package io.aigateway.proxy.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class UsageScannerTest {

    /** A whole chat completion, as OpenAI documents it, with a nested details object inside usage. */
    static final String OPENAI_JSON = """
            {"id":"chatcmpl-123","object":"chat.completion","created":1677652288,"model":"gpt-4o-mini",
             "choices":[{"index":0,"message":{"role":"assistant","content":"Hello there, \\"usage\\": {\\"prompt_tokens\\": 5}"},
               "logprobs":null,"finish_reason":"stop"}],
             "usage": {"prompt_tokens": 9, "completion_tokens": 12, "total_tokens": 21,
               "completion_tokens_details": {"reasoning_tokens": 0}}}""";

    /** A stream with {@code stream_options.include_usage}: {@code "usage":null} on every chunk, then the usage. */
    static final String OPENAI_SSE = """
            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""}}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"Hi"}}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}

            data: {"id":"c1","object":"chat.completion.chunk","choices":[],"usage":{"prompt_tokens":17,"completion_tokens":4,"total_tokens":21}}

            data: [DONE]

            """;

    /** A whole message with cache counts and a tool whose input has a usage key of its own, which must not count. */
    static final String ANTHROPIC_JSON = """
            {"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5",
             "content":[{"type":"text","text":"Let me check."},
               {"type":"tool_use","id":"toolu_01","name":"report","input":{"usage":{"input_tokens":999,"output_tokens":999}}}],
             "stop_reason":"tool_use","stop_sequence":null,
             "usage":{"input_tokens":2095,"cache_creation_input_tokens":10,"cache_read_input_tokens":20,"output_tokens":503}}""";

    /** A stream: input in message_start, cumulative output in message_delta. */
    static final String ANTHROPIC_SSE = """
            event: message_start
            data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","content":[],"model":"claude-sonnet-4-5","stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":25,"output_tokens":1}}}

            event: content_block_start
            data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

            event: ping
            data: {"type": "ping"}

            event: content_block_delta
            data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"{\\"usage\\":{\\"output_tokens\\":7}}"}}

            event: content_block_stop
            data: {"type":"content_block_stop","index":0}

            event: message_delta
            data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":15}}

            event: message_stop
            data: {"type":"message_stop"}

            """;

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of("OpenAI JSON", OPENAI_JSON, false, 9, 12),
                Arguments.of("OpenAI SSE", OPENAI_SSE, true, 17, 4),
                Arguments.of("Anthropic JSON", ANTHROPIC_JSON, false, 2125, 503),
                Arguments.of("Anthropic SSE", ANTHROPIC_SSE, true, 25, 15),
                Arguments.of("Anthropic SSE, CRLF", ANTHROPIC_SSE.replace("\n", "\r\n"), true, 25, 15));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void shouldReadUsageWhereverTheAnswerIsSplit(String name, String answer, boolean stream, long input,
            long output) {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            UsageScanner scanner = scanner(stream);
            scanner.accept(bytes, 0, split);
            scanner.accept(bytes, split, bytes.length - split);
            assertThat(scanner.found()).as("split at %d", split).isTrue();
            assertThat(scanner.inputTokens()).as("input, split at %d", split).isEqualTo(input);
            assertThat(scanner.outputTokens()).as("output, split at %d", split).isEqualTo(output);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void shouldReadUsageFedOneByteAtATime(String name, String answer, boolean stream, long input,
            long output) {
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        UsageScanner scanner = scanner(stream);
        for (int i = 0; i < bytes.length; i++) {
            scanner.accept(bytes, i, 1);
        }
        assertThat(scanner.inputTokens()).isEqualTo(input);
        assertThat(scanner.outputTokens()).isEqualTo(output);
    }

    private static UsageScanner scanner(boolean stream) {
        return stream ? UsageScanner.forStream() : UsageScanner.forJson();
    }

    @Test
    void shouldCountAUsageObjectAlreadyReadAsAScanOfItsBytes() throws Exception {
        String usage = "{\"prompt_tokens\":25,\"completion_tokens\":15,\"total_tokens\":40,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":3},\"odd\":\"x\"}";
        UsageScanner scanned = UsageScanner.forJson();
        scanned.accept(("{\"usage\":" + usage + "}").getBytes(StandardCharsets.UTF_8), 0, usage.length() + 10);

        UsageScanner read = UsageScanner.of(new ObjectMapper().readTree(usage));

        assertThat(read.found()).isTrue();
        assertThat(read.inputTokens()).isEqualTo(scanned.inputTokens()).isEqualTo(25);
        assertThat(read.outputTokens()).isEqualTo(scanned.outputTokens()).isEqualTo(15);
        assertThat(UsageScanner.of(new ObjectMapper().readTree("{}")).found()).isFalse();
    }

    @Test
    void shouldFindNothingInAnAnswerWithoutUsage() {
        UsageScanner scanner = UsageScanner.forJson();
        byte[] bytes = ("{\"data\":[{\"id\":\"gpt-4o\",\"object\":\"model\",\"usage\":\"none\"}],"
                + "\"note\":\"usage: {\\\"prompt_tokens\\\": 3}\"}").getBytes(StandardCharsets.UTF_8);
        scanner.accept(bytes, 0, bytes.length);
        assertThat(scanner.found()).isFalse();
        assertThat(scanner.inputTokens()).isZero();
    }

    @Test
    void shouldIgnoreAUsageObjectTooLargeToBeOne() {
        String padding = "x".repeat(UsageScanner.MAX_USAGE_BYTES);
        byte[] bytes = ("{\"usage\":{\"prompt_tokens\":3,\"pad\":\"" + padding + "\"},\"after\":{\"usage\":1}}")
                .getBytes(StandardCharsets.UTF_8);
        UsageScanner scanner = UsageScanner.forJson();
        scanner.accept(bytes, 0, bytes.length);
        assertThat(scanner.found()).isFalse();
    }
}
