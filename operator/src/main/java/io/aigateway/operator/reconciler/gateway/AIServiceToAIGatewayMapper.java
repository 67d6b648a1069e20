package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ThroughIndexMapper;

/** An AIService concerns the AIGateways of the AIRules that name it. */
public final class AIServiceToAIGatewayMapper extends ThroughIndexMapper<AIService, AIRule> {

    /** @param rulesByService the {@link Indexes#RULES_BY_SERVICE} index of an AIRule cache */
    public AIServiceToAIGatewayMapper(IndexLookup<AIRule> rulesByService) {
        super(rulesByService, new AIRuleToAIGatewayMapper());
    }
}
