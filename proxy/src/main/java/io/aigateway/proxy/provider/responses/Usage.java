package io.aigateway.proxy.provider.responses;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Token usage of a response; every field may be absent. */
public record Usage(
        @JsonProperty("input_tokens") Long inputTokens,
        @JsonProperty("output_tokens") Long outputTokens,
        @JsonProperty("total_tokens") Long totalTokens,
        @JsonProperty("input_tokens_details") InputDetails inputTokensDetails,
        @JsonProperty("output_tokens_details") OutputDetails outputTokensDetails) {

    public record InputDetails(@JsonProperty("cached_tokens") Long cachedTokens) {
    }

    public record OutputDetails(@JsonProperty("reasoning_tokens") Long reasoningTokens) {
    }

    public long input() {
        return inputTokens == null ? 0 : inputTokens;
    }

    public long output() {
        return outputTokens == null ? 0 : outputTokens;
    }

    public long total() {
        return totalTokens == null ? input() + output() : totalTokens;
    }

    public long cached() {
        return inputTokensDetails == null || inputTokensDetails.cachedTokens() == null ? 0
                : inputTokensDetails.cachedTokens();
    }

    /** Null when the response did not say. */
    public Long reasoning() {
        return outputTokensDetails == null ? null : outputTokensDetails.reasoningTokens();
    }
}
