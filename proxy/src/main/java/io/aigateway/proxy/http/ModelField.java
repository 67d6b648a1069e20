package io.aigateway.proxy.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.aigateway.proxy.buffer.BufferBytes;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Reads and replaces the top-level {@code model} of a JSON request body with Jackson's streaming API. */
public final class ModelField {

    private static final JsonFactory JSON = new JsonFactory();

    private ModelField() {
    }

    /**
     * What the request path reads of a body, in one streaming pass: its top-level string {@code model} (null when
     * it has none), whether the pass found it malformed, whether it has a top-level {@code system}, and whether it
     * asks for a stream ({@code "stream": true}; read only by a whole pass).
     */
    public record Scan(String model, boolean malformed, boolean system, boolean stream) {
        private static final Scan MALFORMED = new Scan(null, true, false, false);
    }

    /**
     * Scans a body. A {@code whole} pass reads to its end, so it tells a well-formed JSON object (nothing after
     * it) from anything else; otherwise the pass stops at {@code model} and only says what it saw on the way.
     */
    public static Scan scan(Buffer body, boolean whole) {
        return BufferBytes.read(body, (bytes, from, length) -> scan(bytes, from, length, whole));
    }

    private static Scan scan(byte[] bytes, int from, int length, boolean whole) {
        if (!whole && !looksLikeObject(bytes, from, length)) {
            return new Scan(null, false, false, false);
        }
        String model = null;
        boolean system = false;
        boolean stream = false;
        try (JsonParser p = JSON.createParser(bytes, from, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Scan.MALFORMED;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(name)) {
                    model = value == JsonToken.VALUE_STRING ? p.getText() : null;
                    if (!whole) {
                        return new Scan(model, false, system, false);
                    }
                } else if ("system".equals(name)) {
                    system = value != JsonToken.VALUE_NULL;
                } else if ("stream".equals(name)) {
                    stream = value == JsonToken.VALUE_TRUE;
                }
                p.skipChildren();
            }
            boolean closed = p.currentToken() == JsonToken.END_OBJECT && (!whole || p.nextToken() == null);
            return new Scan(model, !closed, system, stream);
        } catch (IOException e) {
            return Scan.MALFORMED;
        }
    }

    /**
     * The body with its top-level {@code model} set to {@code model}, added at the end when it has none; everything
     * else copied token by token. A body that is not a JSON object is returned as it is.
     */
    static Buffer replace(Buffer body, String model) {
        byte[] bytes = body.getBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + model.length());
        try (JsonParser p = JSON.createParser(bytes); JsonGenerator g = JSON.createGenerator(out)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return body;
            }
            g.writeStartObject();
            boolean written = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                g.writeFieldName(name);
                if ("model".equals(name)) {
                    g.writeString(model);
                    p.skipChildren();
                    written = true;
                } else {
                    g.copyCurrentStructure(p);
                }
            }
            if (!written) {
                g.writeStringField("model", model);
            }
            g.writeEndObject();
        } catch (IOException e) {
            return body;
        }
        return Buffer.buffer(out.toByteArray());
    }

    private static boolean looksLikeObject(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            byte b = bytes[i];
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }
}
