package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** An AIGateway concerns the AIRules that name it. */
public final class AIGatewayToAIRuleMapper implements SecondaryToPrimaryMapper<AIGateway> {

    private final IndexLookup<AIRule> rulesByGateway;

    /** @param rulesByGateway the {@link Indexes#RULES_BY_GATEWAY} index of the AIRule cache */
    public AIGatewayToAIRuleMapper(IndexLookup<AIRule> rulesByGateway) {
        this.rulesByGateway = rulesByGateway;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIGateway gateway) {
        return rulesByGateway.byKey(Indexes.key(gateway)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
