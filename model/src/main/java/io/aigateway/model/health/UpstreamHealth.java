package io.aigateway.model.health;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/**
 * The passive health of an upstream's targets as the gateway's proxy replicas see them: what each replica reported,
 * and the aggregate per target. Written by the proxies into the AIUpstream's {@code status.health}; the operator
 * only drops the reports of replicas that stopped writing ({@link HealthAggregation#withoutExpired}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UpstreamHealth(
        @JsonPropertyDescription("One entry per proxy replica with a report, by replica name; the operator drops the entries of "
                + "replicas that stopped writing.")
        List<ReplicaReport> replicas,
        @JsonPropertyDescription("The aggregate over the replicas, one entry per target of the routing config, by "
                + "target name.")
        List<TargetAggregate> targets) {

    public static final UpstreamHealth EMPTY = new UpstreamHealth(List.of(), List.of());

    public UpstreamHealth {
        replicas = replicas == null ? List.of() : replicas.stream().filter(Objects::nonNull).toList();
        targets = targets == null ? List.of() : targets.stream().filter(Objects::nonNull).toList();
    }

    /** The {@code HEALTHY} printer column: healthy targets over all targets of the config, for example {@code 1/2}. */
    public String healthySummary() {
        long healthy = targets.stream().filter(TargetAggregate::healthy).count();
        return healthy + "/" + targets.size();
    }
}
