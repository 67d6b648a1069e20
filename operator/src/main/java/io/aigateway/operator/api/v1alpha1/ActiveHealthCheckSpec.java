package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;

/** Active health checks: a GET to every target of the upstream, every interval. */
public class ActiveHealthCheckSpec {

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds between two checks of a target, give or take a tenth. Keep it below "
            + "healthChecks.interval, so that a failing target's checks keep its breaker open. Default 30.")
    private Integer interval;

    @Min(1)
    @Max(3600)
    @JsonPropertyDescription("Seconds a check may take, connecting included; at most interval. Default 5, or "
            + "interval when shorter.")
    private Integer timeout;

    @Pattern("^/.*")
    @JsonPropertyDescription("Path and query the check GETs on the target's host. Default: the provider's models "
            + "listing, which costs nothing (openai, openai-compatible, gemini: {basePath}/models; anthropic: "
            + "/v1/models; azure: /openai/models?api-version=...). Bedrock targets are checked only with a path.")
    private String path;

    @Min(100)
    @Max(599)
    @JsonPropertyDescription("The status a passing check answers. Default 200.")
    private Integer expectedStatus;

    public Integer getInterval() {
        return interval;
    }

    public void setInterval(Integer interval) {
        this.interval = interval;
    }

    public Integer getTimeout() {
        return timeout;
    }

    public void setTimeout(Integer timeout) {
        this.timeout = timeout;
    }

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }

    public Integer getExpectedStatus() {
        return expectedStatus;
    }

    public void setExpectedStatus(Integer expectedStatus) {
        this.expectedStatus = expectedStatus;
    }
}
