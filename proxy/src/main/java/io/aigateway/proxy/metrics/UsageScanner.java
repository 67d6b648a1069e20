package io.aigateway.proxy.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the token usage from an answer as the gateway sends it to the client, chunk by chunk, split anywhere, without
 * keeping the answer. The client's formats carry it in a {@code usage} object: OpenAI's {@code prompt_tokens} and
 * {@code completion_tokens} (a whole chat completion, the last chunk of a stream), Anthropic's {@code input_tokens},
 * {@code output_tokens} and cache counts (a whole message; {@code message_start} and the cumulative
 * {@code message_delta} of a stream), the Responses API's {@code input_tokens} and {@code output_tokens}.
 *
 * <p>One pass over the bytes tracks only JSON nesting and strings; it never parses the answer. A {@code usage} key
 * counts at nesting depth 1 or 2 (top level, or inside a stream event's {@code message} or {@code response}), so a
 * {@code usage} key inside a tool's input (deeper) or inside a string (escaped quotes) is never read. Only that object
 * (at most {@value #MAX_USAGE_BYTES} bytes) is copied and parsed. Server-sent event framing ({@code data:} lines,
 * blank lines) is not JSON structure and passes through the same scan. When several {@code usage} objects
 * arrive, the last value of each field wins: streams repeat cumulative counts.
 *
 * <p>Input tokens are {@code prompt_tokens} (OpenAI, cached ones included) or {@code input_tokens} plus Anthropic's
 * {@code cache_creation_input_tokens} and {@code cache_read_input_tokens}, which its {@code input_tokens} leaves out;
 * output tokens are {@code completion_tokens} or {@code output_tokens}. Not thread-safe: one scanner per answer.
 */
public final class UsageScanner {

    static final int MAX_USAGE_BYTES = 4096;
    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] KEY = "usage".getBytes(StandardCharsets.US_ASCII);

    private enum Field {
        PROMPT_TOKENS("prompt_tokens", true),
        INPUT_TOKENS("input_tokens", true),
        CACHE_CREATION_INPUT_TOKENS("cache_creation_input_tokens", true),
        CACHE_READ_INPUT_TOKENS("cache_read_input_tokens", true),
        COMPLETION_TOKENS("completion_tokens", false),
        OUTPUT_TOKENS("output_tokens", false);

        final String json;
        final boolean input;

        Field(String json, boolean input) {
            this.json = json;
            this.input = input;
        }

        static Field of(String name) {
            for (Field f : values()) {
                if (f.json.equals(name)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** What the bytes just after a closed string may complete. */
    private enum Expect { NOTHING, COLON, OBJECT }

    private final long[] values = new long[Field.values().length];
    private int depth;
    private boolean inString;
    private boolean escaped;
    /** How many bytes of {@code usage} the current string matched so far; -1 once it cannot match. */
    private int keyMatched = -1;
    private Expect expect = Expect.NOTHING;
    private byte[] capture;
    /** Bytes copied of the usage object; -1 when it grew too large to read. */
    private int captureLength;
    /** Nesting depth inside the usage object being copied; 0 when not copying. */
    private int captureDepth;

    public UsageScanner() {
        Arrays.fill(values, -1);
    }

    public void accept(Buffer chunk) {
        byte[] bytes = chunk.getBytes();
        accept(bytes, 0, bytes.length);
    }

    public void accept(byte[] bytes, int offset, int length) {
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte c = bytes[i];
            boolean copying = captureDepth > 0;
            if (inString) {
                inString(c);
            } else {
                structure(c);
            }
            if (copying || captureDepth > 0) {
                copy(c);
                if (captureDepth == 0) {
                    read();
                }
            }
        }
    }

    private void inString(byte c) {
        if (escaped) {
            escaped = false;
            keyMatched = -1;
        } else if (c == '\\') {
            escaped = true;
        } else if (c == '"') {
            inString = false;
            expect = keyMatched == KEY.length ? Expect.COLON : Expect.NOTHING;
        } else if (keyMatched >= 0) {
            keyMatched = keyMatched < KEY.length && KEY[keyMatched] == c ? keyMatched + 1 : -1;
        }
    }

    private void structure(byte c) {
        switch (c) {
            case ' ', '\t', '\r', '\n' -> {
                // Whitespace keeps what was expected.
            }
            case '"' -> {
                inString = true;
                keyMatched = captureDepth == 0 && (depth == 1 || depth == 2) ? 0 : -1;
                expect = Expect.NOTHING;
            }
            case ':' -> expect = expect == Expect.COLON ? Expect.OBJECT : Expect.NOTHING;
            case '{', '[' -> {
                if (captureDepth > 0) {
                    captureDepth++;
                } else if (expect == Expect.OBJECT && c == '{') {
                    captureDepth = 1;
                    captureLength = 0;
                }
                depth++;
                expect = Expect.NOTHING;
            }
            case '}', ']' -> {
                if (captureDepth > 0) {
                    captureDepth--;
                }
                depth = Math.max(0, depth - 1);
                expect = Expect.NOTHING;
            }
            default -> expect = Expect.NOTHING;
        }
    }

    private void copy(byte c) {
        if (captureLength < 0) {
            return; // too large: skipped until it closes
        }
        if (captureLength == MAX_USAGE_BYTES) {
            captureLength = -1;
            return;
        }
        if (capture == null) {
            capture = new byte[256];
        } else if (captureLength == capture.length) {
            capture = Arrays.copyOf(capture, Math.min(MAX_USAGE_BYTES, capture.length * 2));
        }
        capture[captureLength++] = c;
    }

    /** Whether any usage was seen. */
    public boolean found() {
        for (long v : values) {
            if (v >= 0) {
                return true;
            }
        }
        return false;
    }

    public long inputTokens() {
        return sum(true);
    }

    public long outputTokens() {
        return sum(false);
    }

    private long sum(boolean input) {
        long total = 0;
        for (Field f : Field.values()) {
            if (f.input == input && values[f.ordinal()] > 0) {
                total += values[f.ordinal()];
            }
        }
        return total;
    }

    /** Reads the direct numeric fields of the copied usage object; anything unreadable is skipped. */
    private void read() {
        if (captureLength <= 0) {
            return;
        }
        try (JsonParser p = JSON.createParser(capture, 0, captureLength)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                Field field = Field.of(p.currentName());
                JsonToken value = p.nextToken();
                if (field != null && value == JsonToken.VALUE_NUMBER_INT) {
                    values[field.ordinal()] = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            // Not JSON after all: no usage from this object.
        }
    }
}
