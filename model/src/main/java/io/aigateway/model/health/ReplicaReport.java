package io.aigateway.model.health;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** What one proxy replica last reported: its view of each target of the upstream, and when it reported. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ReplicaReport(
        @JsonPropertyDescription("The reporting proxy replica: its pod name.")
        String name,
        @JsonPropertyDescription("When the replica last reported, RFC 3339: on every change of a target's health and "
                + "at least every renewal interval (60 s). Entries older than the expiry ("
                + HealthAggregation.REPORT_TTL_SECONDS + " s) no longer count in the aggregate and are dropped by "
                + "the next replica that writes, or by the operator when no replica does.")
        String lastReportTime,
        @JsonPropertyDescription("The replica's view of each target, by target name.")
        List<TargetReport> targets) {

    public ReplicaReport {
        targets = targets == null ? List.of() : targets.stream().filter(Objects::nonNull).toList();
    }
}
