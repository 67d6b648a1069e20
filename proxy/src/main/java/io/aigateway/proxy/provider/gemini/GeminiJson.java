package io.aigateway.proxy.provider.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The JSON mapper of the Gemini translation: trees in, compact bytes out. */
public final class GeminiJson {

    public static final ObjectMapper MAPPER = JsonMapper.builder().build();

    private GeminiJson() {
    }

    /** Parses bytes; {@code null} when they are not JSON. */
    public static JsonNode readOrNull(InputStream bytes) {
        try {
            return MAPPER.readTree(bytes);
        } catch (IOException e) {
            return null;
        }
    }

    /** Parses text; {@code null} when it is not JSON. */
    public static JsonNode readOrNull(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (IOException e) {
            return null;
        }
    }

    public static Buffer buffer(JsonNode node) {
        return Buffer.buffer(bytes(node));
    }

    public static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String string(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
