package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import io.aigateway.proxy.provider.translation.Json;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** A Messages answer ({@code type: message}); also the partial message of a stream's {@code message_start}. */
public record MessageResponse(
        String id,
        String type,
        String role,
        String model,
        List<ContentBlock> content,
        @JsonProperty("stop_reason") String stopReason,
        @JsonProperty("stop_sequence") String stopSequence,
        Usage usage) {

    private static final TypeReference<List<ContentBlock>> BLOCKS = new TypeReference<>() { };

    /**
     * A whole answer, as {@link AnthropicApi#MAPPER} binds it: null when the body is empty or {@code null}.
     *
     * @throws IOException as the mapper's reading would: not JSON, or JSON of another shape
     */
    static MessageResponse read(Buffer body) throws IOException {
        try (JsonParser p = AnthropicApi.MAPPER.createParser(Json.input(body))) {
            return p.nextToken() == null ? null : read(p);
        }
    }

    /** The message the parser is on, as {@link AnthropicApi#MAPPER} binds it (null for {@code null}). */
    static MessageResponse read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAs(MessageResponse.class); // null, or the mapper's error for a value of another shape
        }
        String id = null;
        String type = null;
        String role = null;
        String model = null;
        List<ContentBlock> content = null;
        String stopReason = null;
        String stopSequence = null;
        Usage usage = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "id" -> id = AnthropicApi.text(p, value);
                case "type" -> type = AnthropicApi.text(p, value);
                case "role" -> role = AnthropicApi.text(p, value);
                case "model" -> model = AnthropicApi.text(p, value);
                case "content" -> content = content(p, value);
                case "stop_reason" -> stopReason = AnthropicApi.text(p, value);
                case "stop_sequence" -> stopSequence = AnthropicApi.text(p, value);
                case "usage" -> usage = Usage.read(p);
                default -> p.skipChildren();
            }
        }
        return new MessageResponse(id, type, role, model, content, stopReason, stopSequence, usage);
    }

    private static List<ContentBlock> content(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            return p.getCodec().readValue(p, BLOCKS); // null, or the mapper's error for a value of another shape
        }
        List<ContentBlock> blocks = new ArrayList<>(2);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            blocks.add(ContentBlock.read(p));
        }
        return blocks;
    }
}
