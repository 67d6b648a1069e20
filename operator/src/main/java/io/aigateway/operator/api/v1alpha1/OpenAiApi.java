package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The schema of {@code targets[].providerOptions.api}. */
public enum OpenAiApi {
    @JsonProperty("completions") COMPLETIONS,
    @JsonProperty("responses") RESPONSES
}
