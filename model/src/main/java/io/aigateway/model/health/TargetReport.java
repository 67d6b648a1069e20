package io.aigateway.model.health;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/**
 * One proxy replica's view of one target's passive health, as of that replica's last report.
 *
 * <p>Read back from the status that every replica writes, so it is lenient: unknown fields are ignored and nothing
 * is checked here; {@link HealthAggregation} skips what it cannot use.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetReport(
        @JsonPropertyDescription("Name of the target in the AIUpstream's spec.")
        String name,
        @JsonPropertyDescription("Whether the target's circuit breaker is closed in this replica: false once "
                + "consecutive failures (of requests or active checks) reached the health-check threshold, until "
                + "successThreshold trials succeed.")
        boolean healthy,
        @JsonPropertyDescription("The last failure since the last success: an HTTP status code such as 503, or an "
                + "error kind such as timeout or connection refused; never a response body. Absent without one.")
        String reason,
        @JsonPropertyDescription("Failures since the last success, as of the replica's last report.")
        int consecutiveFailures,
        @JsonPropertyDescription("When healthy last changed on this replica (or the replica first saw the target), "
                + "RFC 3339.")
        String lastTransitionTime,
        @JsonPropertyDescription("The room this replica saw left under the target's limits when it reported; "
                + "absent for a target without rateLimit whose provider budget is not spent.")
        LimitHeadroom limits,
        @JsonPropertyDescription("The latency the lowest-latency algorithm routes by on this replica, in "
                + "milliseconds: the target's answers over the upstream's latency window at its percentile (time "
                + "to the first byte for streams). Absent for other algorithms and before the first answer.")
        Long latencyMillis,
        @JsonPropertyDescription("The circuit breaker's state in this replica: closed (requests go to the target), "
                + "open (none do, until healthChecks.interval has passed) or half-open (trial requests do).")
        String breaker,
        @JsonPropertyDescription("The last active health check of this replica, as of its last report; absent "
                + "without healthChecks.active.")
        ActiveCheckReport lastActiveCheck) {

    /** A report without limits, latency, breaker state or active check, as replicas wrote before they had them. */
    public TargetReport(String name, boolean healthy, String reason, int consecutiveFailures,
            String lastTransitionTime) {
        this(name, healthy, reason, consecutiveFailures, lastTransitionTime, null, null, null, null);
    }
}
