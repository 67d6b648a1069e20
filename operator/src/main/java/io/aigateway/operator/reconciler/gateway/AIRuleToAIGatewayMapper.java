package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/** An AIRule concerns the AIGateway it names. */
public final class AIRuleToAIGatewayMapper implements SecondaryToPrimaryMapper<AIRule> {

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIRule rule) {
        if (rule.getSpec() == null || rule.getSpec().getGatewayRef() == null
                || rule.getSpec().getGatewayRef().getName() == null) {
            return Set.of();
        }
        return Set.of(new ResourceID(rule.getSpec().getGatewayRef().getName(), rule.getMetadata().getNamespace()));
    }
}
