package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The schema of {@code targets[].protocol}. */
public enum Protocol {
    @JsonProperty("http") HTTP,
    @JsonProperty("https") HTTPS
}
