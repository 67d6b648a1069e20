package io.aigateway.operator.status;

/** Every reason a condition of ours can carry. */
public enum Reason {
    // True
    ACCEPTED("Accepted"),
    RESOLVED_REFS("ResolvedRefs"),
    CONFIG_WRITTEN("ConfigWritten"),
    /** The config is written and at least one proxy replica is available. */
    PROXY_AVAILABLE("ProxyAvailable"),
    /** Every proxy replica that reports reaches the shared rate-limit store. */
    RATE_LIMIT_STORE_REACHABLE("RateLimitStoreReachable"),

    // AIGateway
    INVALID_HOSTNAME("InvalidHostname"),
    INVALID_CLIENT_KEY_HEADER("InvalidClientKeyHeader"),
    INVALID_BODY_LIMIT("InvalidBodyLimit"),
    INVALID_CLIENT_TIMEOUTS("InvalidClientTimeouts"),
    /** spec.rateLimitStore: an unknown type, a bad address, a database or timeout out of range. */
    INVALID_RATE_LIMIT_STORE("InvalidRateLimitStore"),
    GATEWAY_NOT_ACCEPTED("GatewayNotAccepted"),
    RESOURCES_NOT_ACCEPTED("ResourcesNotAccepted"),
    CONFIG_TOO_LARGE("ConfigTooLarge"),
    PROXY_UNAVAILABLE("ProxyUnavailable"),
    PROXY_SCALED_TO_ZERO("ProxyScaledToZero"),
    WRITE_FAILED("WriteFailed"),
    /** Some proxy replicas report that they cannot reach the shared rate-limit store in time. */
    RATE_LIMIT_STORE_UNREACHABLE("RateLimitStoreUnreachable"),

    // AIUpstream
    NO_TARGETS("NoTargets"),
    UNKNOWN_ALGORITHM("UnknownAlgorithm"),
    UNKNOWN_UNSUPPORTED_FIELDS("UnknownUnsupportedFields"),
    UNKNOWN_PROVIDER("UnknownProvider"),
    INVALID_TARGET_NAME("InvalidTargetName"),
    DUPLICATE_TARGET_NAME("DuplicateTargetName"),
    WEIGHT_OUT_OF_RANGE("WeightOutOfRange"),
    PRIORITY_OUT_OF_RANGE("PriorityOutOfRange"),
    INVALID_ENDPOINT("InvalidEndpoint"),
    INVALID_HEADER("InvalidHeader"),
    INVALID_CREDENTIALS("InvalidCredentials"),
    /** A Vertex AI target's Secret key holds something other than a service account's JSON key. */
    INVALID_SERVICE_ACCOUNT_KEY("InvalidServiceAccountKey"),
    INVALID_PROVIDER_OPTIONS("InvalidProviderOptions"),
    INVALID_HEALTH_CHECKS("InvalidHealthChecks"),
    INVALID_TIMEOUTS("InvalidTimeouts"),
    INVALID_FAILOVER("InvalidFailover"),
    INVALID_CONNECTION_LIMIT("InvalidConnectionLimit"),
    INVALID_MODEL_ROUTES("InvalidModelRoutes"),
    INVALID_MODEL_MAPPING("InvalidModelMapping"),
    INVALID_RATE_LIMIT("InvalidRateLimit"),
    INVALID_COST("InvalidCost"),
    INVALID_LATENCY("InvalidLatency"),
    SECRET_NOT_FOUND("SecretNotFound"),
    SECRET_KEY_NOT_FOUND("SecretKeyNotFound"),
    /** A Secret value no HTTP header can carry (a line break inside): never quoted in the message. */
    INVALID_SECRET_VALUE("InvalidSecretValue"),

    // AIService
    UNKNOWN_SERVICE_TYPE("UnknownServiceType"),
    UPSTREAM_NOT_FOUND("UpstreamNotFound"),

    // AIRule
    INVALID_PATH("InvalidPath"),
    INVALID_METHOD("InvalidMethod"),
    PATH_CONFLICT("PathConflict"),
    GATEWAY_NOT_FOUND("GatewayNotFound"),
    SERVICE_NOT_FOUND("ServiceNotFound"),

    // AIKey
    INVALID_EXPIRY("InvalidExpiry"),
    INVALID_SECRET_REF("InvalidSecretRef"),
    KEY_EXPIRED("KeyExpired"),
    /** The AIKey has no secretRef and the operator has not generated its Secret yet. */
    KEY_NOT_GENERATED("KeyNotGenerated"),
    EMPTY_KEY("EmptyKey"),
    INVALID_BUDGET("InvalidBudget"),

    // AIKey, AIRule and AIGateway (defaultKeyLimits)
    INVALID_LIMITS("InvalidLimits");

    private final String value;

    Reason(String value) {
        this.value = value;
    }

    /** The CamelCase form written into conditions. */
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
