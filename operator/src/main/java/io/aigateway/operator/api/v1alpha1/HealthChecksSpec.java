package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;

/**
 * A circuit breaker per target: failed requests (passive) and failed probes (active) open it, trial requests close
 * it again.
 */
public class HealthChecksSpec {

    @JsonPropertyDescription("Whether failed requests count against a target's health. Default true.")
    private Boolean passive;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Consecutive failures (connection errors, timeouts, 5xx, malformed answers, failed "
            + "active checks; not 429 nor other 4xx) that open a target's circuit breaker. Default 3.")
    private Integer threshold;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds an open breaker keeps its target out of rotation before it turns half-open "
            + "and lets trial requests through. Default 60.")
    private Integer interval;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Successful trials (requests, or active checks once the interval is over) that close "
            + "a half-open breaker; a failed one opens it again. Default 1.")
    private Integer successThreshold;

    @Min(1)
    @Max(100)
    @JsonPropertyDescription("Trial requests a half-open breaker lets through at once. Default 1.")
    private Integer halfOpenRequests;

    @JsonPropertyDescription("Probes each proxy replica sends to every target, whose failures open the breaker "
            + "without a request having to fail first. Absent: no probes.")
    private ActiveHealthCheckSpec active;

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

    public Integer getSuccessThreshold() {
        return successThreshold;
    }

    public void setSuccessThreshold(Integer successThreshold) {
        this.successThreshold = successThreshold;
    }

    public Integer getHalfOpenRequests() {
        return halfOpenRequests;
    }

    public void setHalfOpenRequests(Integer halfOpenRequests) {
        this.halfOpenRequests = halfOpenRequests;
    }

    public ActiveHealthCheckSpec getActive() {
        return active;
    }

    public void setActive(ActiveHealthCheckSpec active) {
        this.active = active;
    }

    public Integer getInterval() {
        return interval;
    }

    public void setInterval(Integer interval) {
        this.interval = interval;
    }
}
