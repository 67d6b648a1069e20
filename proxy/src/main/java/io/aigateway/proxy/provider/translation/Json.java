package io.aigateway.proxy.provider.translation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;

/** Writing JSON trees, and reading provider answers without ever quoting them in an error. */
public final class Json {

    private static final ObjectMapper WRITER = JsonMapper.builder().build();

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
        try {
            T value = mapper.readValue(body.getBytes(), type);
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

    /** Where reading failed ({@code " (line 1, column 7)"}), or nothing: the cause's message can quote the payload. */
    public static String where(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }
}
