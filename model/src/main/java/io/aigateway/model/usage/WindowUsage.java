package io.aigateway.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * A key's use in one window. A limit field is absent when the key has no such limit; a used field is present
 * whenever the window counts it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowUsage(
        @JsonPropertyDescription("When a calendar window started (00:00 UTC, or the 1st of the month), RFC 3339; "
                + "absent for the sliding minute.")
        String windowStart,
        @JsonPropertyDescription("Requests started in the window.")
        Long requests,
        @JsonPropertyDescription("The key's requests limit for the window, if any.")
        Long requestsLimit,
        @JsonPropertyDescription("Prompt and completion tokens used in the window, with the reservations of requests "
                + "still in flight.")
        Long tokens,
        @JsonPropertyDescription("The key's tokens limit for the window, if any.")
        Long tokensLimit,
        @JsonPropertyDescription("Amount spent in the window, priced with the targets' cost (a target without a cost "
                + "counts 0), as a decimal string.")
        String spent,
        @JsonPropertyDescription("The key's budget amount when its period is this window.")
        String budget) {
}
