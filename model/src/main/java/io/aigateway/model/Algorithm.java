package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a request picks a target among the healthy targets of the best priority tier. */
public enum Algorithm {
    @JsonProperty("round-robin") ROUND_ROBIN,
    @JsonProperty("weighted-round-robin") WEIGHTED_ROUND_ROBIN,
    @JsonProperty("least-connections") LEAST_CONNECTIONS,
    @JsonProperty("random") RANDOM
}
