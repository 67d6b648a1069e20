package io.aigateway.proxy.metrics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.proxy.buffer.BufferBytes;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;

/**
 * Reads the token usage from an answer as the gateway sends it to the client, chunk by chunk, split anywhere, without
 * keeping the answer. The client's formats carry it in a {@code usage} object: OpenAI's {@code prompt_tokens} and
 * {@code completion_tokens} (a whole chat completion, the last chunk of a stream), Anthropic's {@code input_tokens},
 * {@code output_tokens} and cache counts (a whole message; {@code message_start} and the cumulative
 * {@code message_delta} of a stream), the Responses API's {@code input_tokens} and {@code output_tokens}.
 *
 * <p>The scan looks for the bytes {@code "usage"} followed by a colon and an object (a Horspool search that skips
 * most bytes unread), never a parse of the answer. Only that object (at most {@value #MAX_USAGE_BYTES} bytes) is copied and parsed. Inside
 * a JSON string the key's quotes would be escaped, so text that mentions usage never matches. In a stream, each field
 * keeps its last value: events repeat cumulative counts ({@code message_start} has the input, {@code message_delta}
 * the output). In a whole answer, the last {@code usage} object replaces any earlier one: the answer's own usage comes
 * after its content in both formats, so an object a tool's input happens to call {@code usage} does not count.
 * Where the answer is parsed anyway, its usage objects are read from that parse instead of scanned: a forwarded whole
 * answer's in the pass that checks its form ({@link #read(JsonParser)}), a translated stream's from its translator
 * ({@link #of}).
 *
 * <p>Input tokens are {@code prompt_tokens} (OpenAI, cached ones included) or {@code input_tokens} plus Anthropic's
 * {@code cache_creation_input_tokens} and {@code cache_read_input_tokens}, which its {@code input_tokens} leaves out;
 * output tokens are {@code completion_tokens} or {@code output_tokens}. Not thread-safe: one scanner per answer.
 */
public final class UsageScanner {

    static final int MAX_USAGE_BYTES = 4096;
    private static final JsonFactory JSON = new JsonFactory();
    /** The key with its quotes. */
    private static final byte[] KEY = "\"usage\"".getBytes(StandardCharsets.US_ASCII);
    /** How far the key search may jump past a window by its last byte (Horspool's bad-character shift). */
    private static final int[] SHIFT = new int[256];

    static {
        Arrays.fill(SHIFT, KEY.length);
        for (int i = 0; i < KEY.length - 1; i++) {
            SHIFT[KEY[i] & 0xff] = KEY.length - 1 - i;
        }
    }

    private enum Field {
        PROMPT_TOKENS(true),
        INPUT_TOKENS(true),
        CACHE_CREATION_INPUT_TOKENS(true),
        CACHE_READ_INPUT_TOKENS(true),
        COMPLETION_TOKENS(false),
        OUTPUT_TOKENS(false);

        static final Field[] ALL = values();
        final boolean input;

        Field(boolean input) {
            this.input = input;
        }

        static Field of(String name) {
            return switch (name) {
                case "prompt_tokens" -> PROMPT_TOKENS;
                case "input_tokens" -> INPUT_TOKENS;
                case "cache_creation_input_tokens" -> CACHE_CREATION_INPUT_TOKENS;
                case "cache_read_input_tokens" -> CACHE_READ_INPUT_TOKENS;
                case "completion_tokens" -> COMPLETION_TOKENS;
                case "output_tokens" -> OUTPUT_TOKENS;
                default -> null;
            };
        }
    }

    /** Where the scan is: looking for the key, after it (a colon next), after the colon (an object next), in it. */
    private enum State { KEY, COLON, OBJECT, COPY }

    private final boolean stream;
    private final long[] values = new long[Field.ALL.length];
    private State state = State.KEY;
    /** How many bytes of {@link #KEY} the scan matched so far. */
    private int keyMatched;
    /** Inside the usage object being copied: its nesting depth, and whether in a string, after a backslash. */
    private int copyDepth;
    private boolean inString;
    private boolean escaped;
    private byte[] copy;
    /** Bytes copied of the usage object; -1 when it grew too large to read. */
    private int copyLength;

    private UsageScanner(boolean stream) {
        this.stream = stream;
        Arrays.fill(values, -1);
    }

    /** For a server-sent event stream: every usage object counts, each field keeping its last value. */
    public static UsageScanner forStream() {
        return new UsageScanner(true);
    }

    /** For a whole JSON answer: the last usage object counts. */
    public static UsageScanner forJson() {
        return new UsageScanner(false);
    }

    /**
     * The usage of a {@code usage} object already read (a translated stream's, in the client's format), counted as a
     * scan of it would count it.
     */
    public static UsageScanner of(JsonNode usage) {
        UsageScanner read = forJson();
        for (Map.Entry<String, JsonNode> field : usage.properties()) {
            Field known = Field.of(field.getKey());
            if (known != null && field.getValue().isIntegralNumber()) {
                read.values[known.ordinal()] = field.getValue().asLong();
            }
        }
        return read;
    }

    /** Scans a chunk where it lies: a whole answer of megabytes is not copied. */
    public void accept(Buffer chunk) {
        BufferBytes.read(chunk, (bytes, from, length) -> {
            accept(bytes, from, length);
            return null;
        });
    }

    public void accept(byte[] bytes, int offset, int length) {
        int end = offset + length;
        int i = offset;
        // Where the usage object being copied starts in this chunk; copied in ranges, not byte by byte.
        int copyFrom = state == State.COPY ? offset : -1;
        while (i < end) {
            byte c = bytes[i];
            switch (state) {
                case KEY -> {
                    if (keyMatched == 0) {
                        int at = skip(bytes, i, end);
                        if (at + KEY.length <= end) {
                            i = at + KEY.length - 1;
                            state = State.COLON;
                            break;
                        }
                        // Too close to the chunk's end for the whole key: byte by byte, carried to the next chunk.
                        i = at;
                        if (i == end) {
                            return;
                        }
                        c = bytes[i];
                    }
                    if (c == KEY[keyMatched]) {
                        if (++keyMatched == KEY.length) {
                            keyMatched = 0;
                            state = State.COLON;
                        }
                    } else {
                        keyMatched = c == '"' ? 1 : 0;
                    }
                }
                case COLON -> state = isSpace(c) ? State.COLON : c == ':' ? State.OBJECT : retry(c);
                case OBJECT -> {
                    if (c == '{') {
                        state = State.COPY;
                        copyFrom = i;
                        copyLength = 0;
                        copyDepth = 0;
                        inString = false;
                    } else if (!isSpace(c)) {
                        state = retry(c);
                    }
                }
                case COPY -> {
                }
            }
            if (state == State.COPY && copied(c)) {
                copy(bytes, copyFrom, i + 1);
                copyFrom = -1;
                state = State.KEY;
                read();
            }
            i++;
        }
        if (copyFrom >= 0) {
            copy(bytes, copyFrom, end);
        }
    }

    /**
     * Boyer-Moore-Horspool: where the key next occurs from {@code from}, or, when it does not occur whole, the first
     * position where it could still start but no longer fits before {@code end}. Most bytes are never looked at.
     */
    private static int skip(byte[] bytes, int from, int end) {
        int last = KEY.length - 1;
        int i = from;
        while (i + last < end) {
            byte c = bytes[i + last];
            if (c == '"' && bytes[i] == '"' && bytes[i + 1] == 'u' && bytes[i + 2] == 's' && bytes[i + 3] == 'a'
                    && bytes[i + 4] == 'g' && bytes[i + 5] == 'e') {
                return i;
            }
            i += SHIFT[c & 0xff];
        }
        return i;
    }

    /** Not the key after all: scan on from this byte, which may open the next string. */
    private State retry(byte c) {
        keyMatched = c == '"' ? 1 : 0;
        return State.KEY;
    }

    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Follows the usage object's structure; true at the byte that closes it. */
    private boolean copied(byte c) {
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                inString = false;
            }
            return false;
        }
        if (c == '"') {
            inString = true;
        } else if (c == '{' || c == '[') {
            copyDepth++;
        } else if (c == '}' || c == ']') {
            return --copyDepth == 0;
        }
        return false;
    }

    private void copy(byte[] bytes, int from, int to) {
        int n = to - from;
        if (copyLength < 0) {
            return; // too large: skipped until it closes
        }
        if (copyLength + n > MAX_USAGE_BYTES) {
            copyLength = -1;
            return;
        }
        if (copy == null || copy.length < copyLength + n) {
            copy = Arrays.copyOf(copy == null ? new byte[0] : copy,
                    Math.min(MAX_USAGE_BYTES, Math.max(256, (copyLength + n) * 2)));
        }
        System.arraycopy(bytes, from, copy, copyLength, n);
        copyLength += n;
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
        for (Field f : Field.ALL) {
            if (f.input == input && values[f.ordinal()] > 0) {
                total += values[f.ordinal()];
            }
        }
        return total;
    }

    /** Reads the direct numeric fields of the copied usage object; anything unreadable is skipped. */
    private void read() {
        if (copyLength <= 0) {
            return;
        }
        try (JsonParser p = JSON.createParser(copy, 0, copyLength)) {
            if (p.nextToken() == JsonToken.START_OBJECT) {
                read(p);
            }
        } catch (IOException e) {
            // Not JSON after all: no usage from this object.
        }
    }

    /**
     * Reads a usage object's direct numeric fields, from the parser on its start to the parser on its end: how a
     * whole answer's usage is read in the one pass that checks the answer's form ({@code Json.wellFormed}).
     */
    public void read(JsonParser p) throws IOException {
        if (!stream) {
            Arrays.fill(values, -1);
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
    }
}
