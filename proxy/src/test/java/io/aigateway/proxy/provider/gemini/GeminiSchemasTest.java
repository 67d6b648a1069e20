package io.aigateway.proxy.provider.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.proxy.provider.translation.TranslationException;
import org.junit.jupiter.api.Test;

class GeminiSchemasTest {

    private static JsonNode json(String text) {
        return GeminiJson.readOrNull(text);
    }

    private static JsonNode convert(String schema) {
        return GeminiSchemas.convert(json(schema), "tools[0].function.parameters");
    }

    @Test
    void shouldUppercaseTypesAndDropKeywordsGeminiRejects() {
        assertThat(convert("{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
                + "\"additionalProperties\":false,\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,"
                + "\"exclusiveMaximum\":10,\"format\":\"int64\",\"examples\":[3]},\"s\":{\"type\":\"string\","
                + "\"format\":\"uri\",\"maxLength\":9,\"pattern\":\"^a\"}},\"required\":[\"n\"],\"$comment\":\"x\"}"))
                .isEqualTo(json("{\"type\":\"OBJECT\",\"properties\":{\"n\":{\"type\":\"INTEGER\",\"minimum\":1,"
                        + "\"format\":\"int64\"},\"s\":{\"type\":\"STRING\",\"maxLength\":9,\"pattern\":\"^a\"}},"
                        + "\"required\":[\"n\"]}"));
    }

    @Test
    void shouldExpressNullableAndUnionsWithNullableAndAnyOf() {
        assertThat(convert("{\"type\":[\"integer\",\"null\"]}")).isEqualTo(json("{\"nullable\":true,\"type\":\"INTEGER\"}"));
        assertThat(convert("{\"anyOf\":[{\"type\":\"string\"},{\"type\":\"null\"}]}"))
                .isEqualTo(json("{\"type\":\"STRING\",\"nullable\":true}"));
        assertThat(convert("{\"oneOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}"))
                .isEqualTo(json("{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"NUMBER\"}]}"));
        assertThat(convert("{\"type\":[\"string\",\"boolean\"]}"))
                .isEqualTo(json("{\"anyOf\":[{\"type\":\"STRING\"},{\"type\":\"BOOLEAN\"}]}"));
    }

    @Test
    void shouldInlineLocalRefsAndTurnConstIntoAnEnum() {
        assertThat(convert("{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/definitions/A\"},"
                + "\"b\":{\"$ref\":\"#/$defs/B\"}},\"definitions\":{\"A\":{\"const\":\"x\"}},"
                + "\"$defs\":{\"B\":{\"type\":\"array\",\"items\":{\"$ref\":\"#/definitions/A\"}}}}"))
                .isEqualTo(json("{\"type\":\"OBJECT\",\"properties\":{\"a\":{\"enum\":[\"x\"],\"type\":\"STRING\"},"
                        + "\"b\":{\"type\":\"ARRAY\",\"items\":{\"enum\":[\"x\"],\"type\":\"STRING\"}}}}"));
    }

    @Test
    void shouldRefuseWhatGeminiSchemasCannotSayNamingTheField() {
        String field = "tools[0].function.parameters";
        for (String schema : new String[] {
            "{\"type\":\"object\",\"properties\":{\"next\":{\"$ref\":\"#\"}}}",
            "{\"$ref\":\"https://example.com/schema.json\"}",
            "{\"$ref\":\"#/$defs/missing\"}",
            "{\"type\":\"array\",\"items\":[{\"type\":\"string\"}]}",
            "{\"type\":\"tuple\"}",
            "{\"allOf\":[{\"type\":\"string\"},{\"type\":\"number\"}]}",
            "true",
        }) {
            assertThatThrownBy(() -> convert(schema)).as(schema)
                    .isInstanceOfSatisfying(TranslationException.class, e -> assertThat(e.field()).startsWith(field));
        }
    }

    @Test
    void shouldRefuseASchemaThatBlowsUpWhenInlined() {
        StringBuilder defs = new StringBuilder("{\"$defs\":{");
        for (int i = 0; i < 20; i++) {
            defs.append("\"d").append(i).append("\":{\"type\":\"object\",\"properties\":{\"a\":{\"$ref\":\"#/$defs/d")
                    .append(i + 1).append("\"},\"b\":{\"$ref\":\"#/$defs/d").append(i + 1).append("\"}}},");
        }
        defs.append("\"d20\":{\"type\":\"string\"}},\"$ref\":\"#/$defs/d0\"}");
        assertThatThrownBy(() -> convert(defs.toString())).isInstanceOf(TranslationException.class);
    }
}
