package io.aigateway.model.health;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The health of one target over every replica with a fresh report, by the majority rule of {@link HealthAggregation}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TargetAggregate(
        @JsonPropertyDescription("Name of the target in the AIUpstream's spec.")
        String name,
        @JsonPropertyDescription("False when a strict majority of the replicas reporting on the target see it "
                + "unhealthy. A target no replica reports on counts as healthy: passive health has no evidence "
                + "against it.")
        boolean healthy,
        @JsonPropertyDescription("How many of the reporting replicas see the target unhealthy.")
        int unhealthyReplicas,
        @JsonPropertyDescription("How many replicas with a report on the target.")
        int reportingReplicas,
        @JsonPropertyDescription("The reason most of the replicas that see the target unhealthy give (the "
                + "alphabetically first on a tie); absent when none does.")
        String reason) {
}
