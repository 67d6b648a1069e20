package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** An AIService concerns the AIGateways of the AIRules that name it. */
public final class AIServiceToAIGatewayMapper implements SecondaryToPrimaryMapper<AIService> {

    private final IndexLookup<AIRule> rulesByService;
    private final AIRuleToAIGatewayMapper ruleToGateway = new AIRuleToAIGatewayMapper();

    /** @param rulesByService the {@link Indexes#RULES_BY_SERVICE} index of an AIRule cache */
    public AIServiceToAIGatewayMapper(IndexLookup<AIRule> rulesByService) {
        this.rulesByService = rulesByService;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIService service) {
        return rulesByService.byKey(Indexes.key(service)).stream()
                .flatMap(rule -> ruleToGateway.toPrimaryResourceIDs(rule).stream())
                .collect(Collectors.toSet());
    }
}
