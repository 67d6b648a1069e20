package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.UpstreamHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Observed state of an AIUpstream: conditions and compiled targets from the operator, target health from the
 * proxies. The operator applies only its own fields; nulls are left out of the JSON, so a status it applies
 * server-side names none of the proxies' fields and does not take them over. It writes the proxies' fields only to
 * drop the reports of replicas that stopped writing, with the proxies' own JSON patch.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AIUpstreamStatus extends ConditionedStatus {

    @JsonPropertyDescription("Number of targets in the spec.")
    private Integer targetCount;

    @JsonPropertyDescription("Healthy targets over the targets of the routing config, as reported by the proxies, "
            + "for example 1/2: the aggregate of status.health.targets. Absent while no proxy replica has a "
            + "report.")
    private String healthy;

    @JsonPropertyDescription("One entry per target, as compiled.")
    private List<TargetStatus> targets = new ArrayList<>();

    @JsonPropertyDescription("Passive health of the targets as the gateway's proxy replicas see it, written by the "
            + "proxies: each replica's report and the aggregate per target. A target is unhealthy when a "
            + "strict majority of the replicas with a report see it unhealthy. A replica writes its report when "
            + "it changes; the operator drops the reports of a replica that wrote on no AIUpstream of the "
            + "namespace for " + HealthAggregation.REPORT_TTL_SECONDS + " s, and removes health and healthy "
            + "when none is left.")
    private UpstreamHealth health;

    public Integer getTargetCount() {
        return targetCount;
    }

    public void setTargetCount(Integer targetCount) {
        this.targetCount = targetCount;
    }

    public String getHealthy() {
        return healthy;
    }

    public void setHealthy(String healthy) {
        this.healthy = healthy;
    }

    public List<TargetStatus> getTargets() {
        return targets;
    }

    public void setTargets(List<TargetStatus> targets) {
        this.targets = targets == null ? new ArrayList<>() : targets;
    }

    public UpstreamHealth getHealth() {
        return health;
    }

    public void setHealth(UpstreamHealth health) {
        this.health = health;
    }

    /**
     * A copy of this status with the proxies' fields ({@code health}, {@code healthy}) taken from {@code reported};
     * this one is left unchanged.
     */
    public AIUpstreamStatus withProxyFieldsOf(AIUpstreamStatus reported) {
        AIUpstreamStatus copy = new AIUpstreamStatus();
        copy.setObservedGeneration(getObservedGeneration());
        copy.setConditions(getConditions());
        copy.targetCount = targetCount;
        copy.targets = targets;
        copy.healthy = reported == null ? null : reported.healthy;
        copy.health = reported == null ? null : reported.health;
        return copy;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(targetCount, ((AIUpstreamStatus) o).targetCount)
                && Objects.equals(healthy, ((AIUpstreamStatus) o).healthy)
                && Objects.equals(targets, ((AIUpstreamStatus) o).targets)
                && Objects.equals(health, ((AIUpstreamStatus) o).health);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), targetCount, healthy, targets, health);
    }
}
