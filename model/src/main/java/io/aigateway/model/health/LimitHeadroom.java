package io.aigateway.model.health;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * The room one proxy replica sees left under a target's limits, as of its report: each limit of the target's
 * {@code rateLimit} that is set, and the provider's budget when its headers said it is spent. Absent fields: no
 * such limit, or nothing spent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record LimitHeadroom(
        @JsonPropertyDescription("Requests this replica may still send in the sliding minute (rateLimit."
                + "requestsPerMinute minus those counted).")
        Long requestsLeft,
        @JsonPropertyDescription("Tokens left in the sliding minute (rateLimit.tokensPerMinute minus the tokens "
                + "used and those reserved by requests in flight).")
        Long tokensLeft,
        @JsonPropertyDescription("Requests that may still start while the ones in flight run (rateLimit."
                + "concurrentRequests minus those in flight).")
        Integer concurrentLeft,
        @JsonPropertyDescription("Until when the target is skipped because the provider said its budget is spent "
                + "(a rate-limit header with 0 remaining, or a 429), RFC 3339.")
        String providerPausedUntil,
        @JsonPropertyDescription("What the provider said is spent: the header, as x-ratelimit-remaining-tokens: 0, "
                + "or 429.")
        String providerPauseReason) {
}
