package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/** Constants of the Anthropic Messages API and the mapper its wire types are read with. */
public final class AnthropicApi {

    /** The operation path under the endpoint's base path ({@code /v1} for api.anthropic.com). */
    public static final String MESSAGES_PATH = "/messages";
    public static final String VERSION_HEADER = "anthropic-version";
    /** The API version the translators write requests for and read answers as. */
    public static final String VERSION = "2023-06-01";

    /** Reads Anthropic wire types; unknown fields are ignored, as Anthropic adds fields within a version. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AnthropicApi() {
    }

    /*
     * The wire types' own readers (StreamEvent.read, MessageResponse.read, ...) read the common shapes token by
     * token, which costs a fraction of the mapper's binding of a record, and hand any other shape to the mapper:
     * what they read is what the mapper binds, coercions and errors included.
     */

    /** A text field's value, the parser on its token: a string as it is, anything else as the mapper binds it. */
    static String text(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_STRING ? p.getText() : p.readValueAs(String.class);
    }

    /** A token count, the parser on its token: an integer as it is, anything else as the mapper binds it. */
    static Long count(JsonParser p, JsonToken value) throws IOException {
        return value == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                ? p.getLongValue() : p.readValueAs(Long.class);
    }
}
