package io.aigateway.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What every status of ours carries: the generation it describes and its conditions. */
public abstract class ConditionedStatus {

    @JsonPropertyDescription("The metadata.generation this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Accepted: the spec is valid. ResolvedRefs: everything it references exists. "
            + "Ready (AIGateway only): the routing config is written and a proxy replica is available.")
    private List<Condition> conditions = new ArrayList<>();

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && getClass() == o.getClass()
                && Objects.equals(observedGeneration, ((ConditionedStatus) o).observedGeneration)
                && Objects.equals(conditions, ((ConditionedStatus) o).conditions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, conditions);
    }
}
