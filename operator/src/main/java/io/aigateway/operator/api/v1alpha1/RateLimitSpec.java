package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What one target may be sent; a target at a limit is skipped. Requests and tokens per minute count in the gateway's
 * rateLimitStore (per replica with local, across replicas with redis); requests at once count per replica.
 */
@ValidationRule(value = "has(self.requestsPerMinute) || has(self.tokensPerMinute) || has(self.concurrentRequests)",
        message = "set at least one of requestsPerMinute, tokensPerMinute, concurrentRequests")
public class RateLimitSpec {

    @Min(1)
    @JsonPropertyDescription("Requests this target may be sent per minute (sliding window), counted in the gateway's rateLimitStore: "
            + "per proxy replica with local (the default), across the replicas with redis.")
    private Integer requestsPerMinute;

    @Min(1)
    @JsonPropertyDescription("Prompt and completion tokens this target may be sent per minute (sliding window), "
            + "counted like requestsPerMinute. A request in flight counts its prompt estimate plus max_tokens until its usage "
            + "is known.")
    private Long tokensPerMinute;

    @Min(1)
    @JsonPropertyDescription("Requests in flight to this target at once, per proxy replica.")
    private Integer concurrentRequests;

    public Integer getRequestsPerMinute() {
        return requestsPerMinute;
    }

    public void setRequestsPerMinute(Integer requestsPerMinute) {
        this.requestsPerMinute = requestsPerMinute;
    }

    public Long getTokensPerMinute() {
        return tokensPerMinute;
    }

    public void setTokensPerMinute(Long tokensPerMinute) {
        this.tokensPerMinute = tokensPerMinute;
    }

    public Integer getConcurrentRequests() {
        return concurrentRequests;
    }

    public void setConcurrentRequests(Integer concurrentRequests) {
        this.concurrentRequests = concurrentRequests;
    }
}
