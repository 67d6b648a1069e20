package io.aigateway.model.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.health.HealthAggregation;

/** Whether one proxy replica reaches the gateway's shared rate-limit store (Redis), as it last reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoreReplicaReport(
        @JsonPropertyDescription("The reporting proxy replica: its pod name.")
        String name,
        @JsonPropertyDescription("When the replica last reported, RFC 3339: when its view flips and at least every "
                + "renewal interval (60 s). Entries older than " + HealthAggregation.REPORT_TTL_SECONDS + " s no "
                + "longer count and are dropped by the next replica that writes.")
        String lastReportTime,
        @JsonPropertyDescription("Whether the replica's last call to the store succeeded in time.")
        boolean available) {
}
