package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An AIRule concerns the other AIRules of its gateway: they may claim the same path and method, so creating,
 * changing or deleting one can decide another's PathConflict.
 */
public final class AIRuleToSiblingAIRuleMapper implements SecondaryToPrimaryMapper<AIRule> {

    private final IndexLookup<AIRule> rulesByGateway;

    /** @param rulesByGateway the {@link Indexes#RULES_BY_GATEWAY} index of the AIRule cache */
    public AIRuleToSiblingAIRuleMapper(IndexLookup<AIRule> rulesByGateway) {
        this.rulesByGateway = rulesByGateway;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIRule rule) {
        ResourceID self = ResourceID.fromResource(rule);
        return Indexes.RULE_GATEWAY.apply(rule).stream()
                .flatMap(gateway -> rulesByGateway.byKey(gateway).stream())
                .map(ResourceID::fromResource)
                .filter(id -> !id.equals(self))
                .collect(Collectors.toSet());
    }
}
