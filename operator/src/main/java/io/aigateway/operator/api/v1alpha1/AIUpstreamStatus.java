package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Observed state of an AIUpstream: conditions from the operator, target health from the proxies. */
public class AIUpstreamStatus extends ConditionedStatus {

    @JsonPropertyDescription("Number of targets in the spec.")
    private Integer targetCount;

    @JsonPropertyDescription("Healthy targets over all targets, as reported by the proxies, for example 2/3.")
    private String healthy;

    @JsonPropertyDescription("One entry per target, as compiled.")
    private List<TargetStatus> targets = new ArrayList<>();

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

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && Objects.equals(targetCount, ((AIUpstreamStatus) o).targetCount)
                && Objects.equals(healthy, ((AIUpstreamStatus) o).healthy)
                && Objects.equals(targets, ((AIUpstreamStatus) o).targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), targetCount, healthy, targets);
    }
}
