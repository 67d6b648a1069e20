package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.aigateway.proxy.buffer.BufferBytes;
import io.aigateway.proxy.provider.sse.SseEncoder;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writing JSON trees, and reading provider answers without ever quoting them in an error. Whole answers can be
 * megabytes: they are read from and written to buffers directly, never copied into an array or a string first.
 */
public final class Json {

    /**
     * Writes bytes as the string {@link #write} gives, encoded as UTF-8: a surrogate pair as its 4-byte character,
     * not as two escaped UTF-16 units. An unpaired surrogate (only an escape in the JSON read can produce one) is
     * written escaped, as it came, where encoding the string replaced it by {@code ?}.
     */
    private static final ObjectMapper WRITER = JsonMapper.builder()
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private Json() {
    }

    /** The tree as compact JSON text. */
    public static String write(JsonNode node) {
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }

    /**
     * A wire type read with {@code mapper}.
     *
     * @param what names the body in errors, such as {@code "Anthropic message"}
     * @throws ProviderResponseException when the body is empty, not JSON or not of the type's shape
     */
    public static <T> T read(ObjectMapper mapper, Buffer body, Class<T> type, String what) {
        return read(() -> mapper.readValue(input(body), type), what);
    }

    /**
     * One stream event's data read with {@code reader} (made once per type: {@link ObjectMapper#readerFor}), from
     * the string the SSE decoder gave, without encoding it to bytes again.
     *
     * @throws ProviderResponseException as {@link #read(ObjectMapper, Buffer, Class, String)}
     */
    public static <T> T readEvent(ObjectReader reader, String data, String what) {
        return read(() -> reader.readValue(data), what);
    }

    /** Reads a provider's payload, failing as Jackson does. */
    public interface Reading<T> {
        T read() throws IOException;
    }

    /**
     * What {@code reading} gave (a mapper's binding, or a reader of the type's own such as a stream event's), or
     * the provider's error naming {@code what} but never quoting the payload.
     *
     * @throws ProviderResponseException when it gives nothing, or the payload is not JSON or not of the shape
     */
    public static <T> T read(Reading<T> reading, String what) {
        try {
            T value = reading.read();
            if (value == null) {
                throw new ProviderResponseException(what + " is empty");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new ProviderResponseException(what + " is not valid JSON of the expected shape" + where(e));
        } catch (IOException e) {
            throw new ProviderResponseException(what + " could not be read");
        }
    }

    /** A buffer's bytes to read, not copied. */
    public static InputStream input(Buffer body) {
        return new InputStream() {
            private int at;

            @Override
            public int read() {
                return at < body.length() ? body.getByte(at++) & 0xff : -1;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (at >= body.length()) {
                    return -1;
                }
                int n = Math.min(length, body.length() - at);
                body.getBytes(at, at + n, into, offset);
                at += n;
                return n;
            }
        };
    }

    /** The tree as compact JSON bytes, written straight into a buffer of about {@code sizeHint} bytes. */
    public static Buffer buffer(JsonNode node, int sizeHint) {
        return append(Buffer.buffer(Math.max(256, sizeHint)), node);
    }

    /** The tree as compact JSON bytes, written straight into a buffer that grows as it needs (a request body). */
    public static Buffer buffer(JsonNode node) {
        return buffer(node, 0);
    }

    /**
     * Appends the tree as compact JSON bytes to {@code out}, written straight into it: one line (compact JSON
     * escapes line breaks), as a server-sent event's data can be.
     */
    public static Buffer append(Buffer out, JsonNode node) {
        try {
            WRITER.writeValue(new OutputStream() {
                @Override
                public void write(int b) {
                    out.appendByte((byte) b);
                }

                @Override
                public void write(byte[] bytes, int offset, int length) {
                    out.appendBytes(bytes, offset, length);
                }
            }, node);
        } catch (IOException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
        return out;
    }

    /**
     * Appends a server-sent event ({@code event} may be null for a data-only one) whose data is the tree as compact
     * JSON, written straight into {@code out}: the bytes of {@link SseEncoder#appendEvent} of {@link #write} (but
     * for an unpaired surrogate, see {@link #WRITER}), without the string, its UTF-8 copy and the scan for
     * line breaks.
     */
    public static Buffer appendSse(Buffer out, String event, JsonNode node) {
        return SseEncoder.appendLineEvent(out, event, buffer -> append(buffer, node));
    }

    /**
     * Whether the body is one well-formed JSON value with nothing after it. Tokenized only, never built: strings
     * are skipped unread, so a large answer costs no copy and meets no string-length limit.
     */
    public static boolean wellFormed(Buffer body) {
        return wellFormed(body, null, null);
    }

    /** Reads one object of a body being checked, from the parser on its start to the parser on its end. */
    public interface ObjectReading {
        void read(JsonParser p) throws IOException;
    }

    /**
     * As {@link #wellFormed(Buffer)}, in the same pass handing each object under a field named {@code field} (at
     * any depth) to {@code reading}: what one pass over an answer can tell besides its form (its usage).
     */
    public static boolean wellFormed(Buffer body, String field, ObjectReading reading) {
        return BufferBytes.read(body, (bytes, from, length) -> wellFormed(bytes, from, length, field, reading));
    }

    private static boolean wellFormed(byte[] bytes, int from, int length, String field, ObjectReading reading) {
        try (JsonParser p = WRITER.getFactory().createParser(bytes, from, length)) {
            if (p.nextToken() == null) {
                return false;
            }
            if (field == null) {
                p.skipChildren();
            } else {
                readUnder(p, field, reading);
            }
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Goes through the value the parser is on, to its last token, handing the objects under {@code field} over. */
    private static void readUnder(JsonParser p, String field, ObjectReading reading) throws IOException {
        int depth = 0;
        JsonToken token = p.currentToken();
        while (true) {
            if (token == JsonToken.START_OBJECT && depth > 0 && field.equals(p.currentName())) {
                reading.read(p);
            } else if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
            if (depth == 0) {
                return;
            }
            token = p.nextToken();
            if (token == null) {
                throw new JsonParseException(p, "the JSON value ends early");
            }
        }
    }

    /** Where reading failed ({@code " (line 1, column 7)"}), or nothing: the cause's message can quote the payload. */
    public static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
