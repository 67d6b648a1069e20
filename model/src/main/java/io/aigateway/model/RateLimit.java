package io.aigateway.model;

/**
 * A target's own limits: what one target may be sent per minute, and at once. A null field sets no limit.
 *
 * @param requestsPerMinute requests started per minute
 * @param tokensPerMinute prompt and completion tokens per minute
 * @param concurrentRequests requests in flight at once
 */
public record RateLimit(Integer requestsPerMinute, Long tokensPerMinute, Integer concurrentRequests) {
    public RateLimit {
        if (requestsPerMinute != null) {
            Checks.requireRange(requestsPerMinute, 1, Integer.MAX_VALUE, "targets[].rateLimit.requestsPerMinute");
        }
        Checks.requirePositive(tokensPerMinute, "targets[].rateLimit.tokensPerMinute");
        if (concurrentRequests != null) {
            Checks.requireRange(concurrentRequests, 1, Integer.MAX_VALUE, "targets[].rateLimit.concurrentRequests");
        }
    }
}
