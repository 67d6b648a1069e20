package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * Token usage. In a stream, {@code message_start} carries the input counts and {@code message_delta} cumulative
 * counts (output always, input fields in newer answers); absent fields are null.
 */
public record Usage(
        @JsonProperty("input_tokens") Long inputTokens,
        @JsonProperty("output_tokens") Long outputTokens,
        @JsonProperty("cache_creation_input_tokens") Long cacheCreationInputTokens,
        @JsonProperty("cache_read_input_tokens") Long cacheReadInputTokens) {

    public static final Usage EMPTY = new Usage(null, null, null, null);

    /** The usage the parser is on, as {@link AnthropicApi#MAPPER} binds it (null for {@code null}). */
    static Usage read(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            return p.readValueAs(Usage.class); // null, or the mapper's error for a value of another shape
        }
        Long input = null;
        Long output = null;
        Long cacheCreation = null;
        Long cacheRead = null;
        for (String field = p.nextFieldName(); field != null; field = p.nextFieldName()) {
            JsonToken value = p.nextToken();
            switch (field) {
                case "input_tokens" -> input = AnthropicApi.count(p, value);
                case "output_tokens" -> output = AnthropicApi.count(p, value);
                case "cache_creation_input_tokens" -> cacheCreation = AnthropicApi.count(p, value);
                case "cache_read_input_tokens" -> cacheRead = AnthropicApi.count(p, value);
                default -> p.skipChildren();
            }
        }
        return new Usage(input, output, cacheCreation, cacheRead);
    }

    /** These counts, with any field {@code later} sets taking its value. */
    public Usage updatedBy(Usage later) {
        if (later == null) {
            return this;
        }
        return new Usage(
                later.inputTokens != null ? later.inputTokens : inputTokens,
                later.outputTokens != null ? later.outputTokens : outputTokens,
                later.cacheCreationInputTokens != null ? later.cacheCreationInputTokens : cacheCreationInputTokens,
                later.cacheReadInputTokens != null ? later.cacheReadInputTokens : cacheReadInputTokens);
    }

    /** Every input token: uncached, read from cache and written to cache. */
    public long totalInputTokens() {
        return orZero(inputTokens) + orZero(cacheReadInputTokens) + orZero(cacheCreationInputTokens);
    }

    public long outputTokensOrZero() {
        return orZero(outputTokens);
    }

    public long cacheReadTokensOrZero() {
        return orZero(cacheReadInputTokens);
    }

    private static long orZero(Long value) {
        return value == null ? 0 : value;
    }
}
