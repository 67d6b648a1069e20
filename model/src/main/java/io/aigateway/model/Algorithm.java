package io.aigateway.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How a request picks a target among the healthy targets of the best priority tier. {@code lowest-cost} picks the
 * cheapest for the request's expected tokens (every target declares a {@link Cost}); {@code lowest-latency} the
 * fastest over the upstream's {@link LatencyRouting} window.
 */
public enum Algorithm {
    @JsonProperty("round-robin") ROUND_ROBIN,
    @JsonProperty("weighted-round-robin") WEIGHTED_ROUND_ROBIN,
    @JsonProperty("least-connections") LEAST_CONNECTIONS,
    @JsonProperty("random") RANDOM,
    @JsonProperty("lowest-cost") LOWEST_COST,
    @JsonProperty("lowest-latency") LOWEST_LATENCY
}
