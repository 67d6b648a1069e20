package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** An AIService concerns the AIRules that name it. */
public final class AIServiceToAIRuleMapper implements SecondaryToPrimaryMapper<AIService> {

    private final IndexLookup<AIRule> rulesByService;

    /** @param rulesByService the {@link Indexes#RULES_BY_SERVICE} index of the AIRule cache */
    public AIServiceToAIRuleMapper(IndexLookup<AIRule> rulesByService) {
        this.rulesByService = rulesByService;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIService service) {
        return rulesByService.byKey(Indexes.key(service)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
