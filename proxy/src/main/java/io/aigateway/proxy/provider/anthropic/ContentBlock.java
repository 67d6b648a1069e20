package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;

/**
 * A content block of an answer. The translators read {@code text} and {@code tool_use} blocks; others
 * ({@code thinking}, server tool blocks) keep their type and are skipped.
 *
 * @param input the tool's input object for {@code tool_use}
 */
public record ContentBlock(String type, String text, String id, String name, JsonNode input) {

    public static final String TEXT = "text";
    public static final String TOOL_USE = "tool_use";

    /** The block the parser is on, as {@link AnthropicApi#MAPPER} binds it (null for {@code null}). */
    static ContentBlock read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAs(ContentBlock.class); // null, or the mapper's error for a value of another shape
        }
        String type = null;
        String text = null;
        String id = null;
        String name = null;
        JsonNode input = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "type" -> type = AnthropicApi.text(p, value);
                case "text" -> text = AnthropicApi.text(p, value);
                case "id" -> id = AnthropicApi.text(p, value);
                case "name" -> name = AnthropicApi.text(p, value);
                case "input" -> input = p.readValueAs(JsonNode.class);
                default -> p.skipChildren();
            }
        }
        return new ContentBlock(type, text, id, name, input);
    }
}
