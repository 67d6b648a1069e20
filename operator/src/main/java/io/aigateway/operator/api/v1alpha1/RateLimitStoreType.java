package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The schema of {@code AIGateway.spec.rateLimitStore.type}. */
public enum RateLimitStoreType {
    /** Each proxy replica counts alone, in its memory. */
    @JsonProperty("local") LOCAL,
    /** The replicas share their counters in a Redis server. */
    @JsonProperty("redis") REDIS
}
