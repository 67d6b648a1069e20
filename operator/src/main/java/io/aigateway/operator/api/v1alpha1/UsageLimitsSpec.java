package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * What client keys may use: on an AIKey, what that key may use; on an AIRule, what all keys using the rule may use
 * together; on an AIGateway (defaultKeyLimits), the limits of each key that sets none. Counted in the gateway's
 * rateLimitStore.
 */
@ValidationRule(value = "has(self.requestsPerMinute) || has(self.tokensPerMinute) || has(self.tokensPerDay) "
        + "|| has(self.tokensPerMonth)",
        message = "set at least one of requestsPerMinute, tokensPerMinute, tokensPerDay, tokensPerMonth")
public class UsageLimitsSpec {

    @Min(1)
    @JsonPropertyDescription("Requests per minute (sliding: the last 60 seconds).")
    private Integer requestsPerMinute;

    @Min(1)
    @JsonPropertyDescription("Prompt and completion tokens per minute (sliding). A request in flight counts its "
            + "prompt estimate plus max_tokens until its usage is known.")
    private Long tokensPerMinute;

    @Min(1)
    @JsonPropertyDescription("Prompt and completion tokens per calendar day, from 00:00 UTC.")
    private Long tokensPerDay;

    @Min(1)
    @JsonPropertyDescription("Prompt and completion tokens per calendar month, from 00:00 UTC on the 1st.")
    private Long tokensPerMonth;

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

    public Long getTokensPerDay() {
        return tokensPerDay;
    }

    public void setTokensPerDay(Long tokensPerDay) {
        this.tokensPerDay = tokensPerDay;
    }

    public Long getTokensPerMonth() {
        return tokensPerMonth;
    }

    public void setTokensPerMonth(Long tokensPerMonth) {
        this.tokensPerMonth = tokensPerMonth;
    }
}
