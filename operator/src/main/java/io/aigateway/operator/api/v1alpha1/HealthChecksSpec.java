package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/** Passive health checks: failed requests count against a target. */
public class HealthChecksSpec {

    @JsonPropertyDescription("Whether failed requests count against a target's health. Default true.")
    private Boolean passive;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Consecutive failures that mark a target unhealthy. Default 3.")
    private Integer threshold;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds an unhealthy target stays out of rotation before one trial request is let "
            + "through. Default 60.")
    private Integer interval;

    public Boolean getPassive() {
        return passive;
    }

    public void setPassive(Boolean passive) {
        this.passive = passive;
    }

    public Integer getThreshold() {
        return threshold;
    }

    public void setThreshold(Integer threshold) {
        this.threshold = threshold;
    }

    public Integer getInterval() {
        return interval;
    }

    public void setInterval(Integer interval) {
        this.interval = interval;
    }
}
