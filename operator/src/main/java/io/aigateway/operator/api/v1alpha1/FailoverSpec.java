package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** How a request moves on to another target when one fails. */
public class FailoverSpec {

    @Min(1)
    @Max(32)
    @JsonPropertyDescription("Targets one request may try, the first included; each target at most once. A target "
            + "fails on a connection error, a timeout, 429 or 5xx, and never once the response has started. "
            + "Default 3.")
    private Integer maxAttempts;

    public Integer getMaxAttempts() {
        return maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }
}
