package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.IndexedMapper;
import io.aigateway.operator.reconciler.Indexes;

/** An AIGateway concerns the AIRules that name it. */
public final class AIGatewayToAIRuleMapper extends IndexedMapper<AIGateway> {

    /** @param rulesByGateway the {@link Indexes#RULES_BY_GATEWAY} index of the AIRule cache */
    public AIGatewayToAIRuleMapper(IndexLookup<AIRule> rulesByGateway) {
        super(rulesByGateway);
    }
}
