package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.IndexedMapper;
import io.aigateway.operator.reconciler.Indexes;

/** An AIService concerns the AIRules that name it. */
public final class AIServiceToAIRuleMapper extends IndexedMapper<AIService> {

    /** @param rulesByService the {@link Indexes#RULES_BY_SERVICE} index of the AIRule cache */
    public AIServiceToAIRuleMapper(IndexLookup<AIRule> rulesByService) {
        super(rulesByService);
    }
}
