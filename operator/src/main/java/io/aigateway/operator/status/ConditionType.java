package io.aigateway.operator.status;

/** The condition types our resources carry. Positive polarity only: True is good. */
public enum ConditionType {
    /** The spec is valid. */
    ACCEPTED("Accepted"),
    /** Everything the resource references exists (and, for a gateway, everything attached to it compiled). */
    RESOLVED_REFS("ResolvedRefs"),
    /** AIGateway only: the routing config is written. */
    READY("Ready"),
    /**
     * AIGateway with a shared (Redis) rate-limit store only: every proxy replica that reports reaches it. From the
     * proxies' reports, not from the compiler.
     */
    RATE_LIMIT_STORE_AVAILABLE("RateLimitStoreAvailable");

    private final String value;

    ConditionType(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
