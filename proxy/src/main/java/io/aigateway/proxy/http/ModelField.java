package io.aigateway.proxy.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/** Reads and replaces the top-level {@code model} of a JSON request body with Jackson's streaming API. */
final class ModelField {

    private static final JsonFactory JSON = new JsonFactory();

    private ModelField() {
    }

    /** The top-level string {@code model}; null when the body is not a JSON object or has none. */
    static String read(Buffer body) {
        if (!looksLikeObject(body)) {
            return null;
        }
        byte[] bytes = body.getBytes();
        try (JsonParser p = JSON.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("model".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
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

    private static boolean looksLikeObject(Buffer body) {
        for (int i = 0; i < body.length(); i++) {
            byte b = body.getByte(i);
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
