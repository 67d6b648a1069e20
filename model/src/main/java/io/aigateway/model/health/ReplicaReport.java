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
        @JsonPropertyDescription("When the replica last wrote this entry, RFC 3339: on its first report and on "
                + "every change of a target's health, so it may be old on a target that never flips. A replica that "
                + "wrote nothing for the renewal interval (60 s) writes its oldest entry again, which keeps all its "
                + "entries: they expire together, when the replica wrote on no AIUpstream of the namespace for "
                + HealthAggregation.REPORT_TTL_SECONDS + " s, and the operator then drops them.")
        String lastReportTime,
        @JsonPropertyDescription("The replica's view of each target, by target name.")
        List<TargetReport> targets) {

    public ReplicaReport {
        targets = targets == null ? List.of() : targets.stream().filter(Objects::nonNull).toList();
    }
}
