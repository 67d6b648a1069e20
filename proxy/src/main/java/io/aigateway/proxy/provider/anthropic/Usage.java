package io.aigateway.proxy.provider.anthropic;

import com.fasterxml.jackson.annotation.JsonProperty;

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
