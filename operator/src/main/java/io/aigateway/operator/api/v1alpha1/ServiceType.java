package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The schema of {@code AIService.spec.type}. */
public enum ServiceType {
    @JsonProperty("upstream") UPSTREAM
}
