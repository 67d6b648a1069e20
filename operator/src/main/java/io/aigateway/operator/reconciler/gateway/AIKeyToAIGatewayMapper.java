package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIKey;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;

/** An AIKey concerns the AIGateway it names. */
public final class AIKeyToAIGatewayMapper implements SecondaryToPrimaryMapper<AIKey> {

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIKey aiKey) {
        if (aiKey.getSpec() == null || aiKey.getSpec().getGatewayRef() == null
                || aiKey.getSpec().getGatewayRef().getName() == null) {
            return Set.of();
        }
        return Set.of(new ResourceID(aiKey.getSpec().getGatewayRef().getName(), aiKey.getMetadata().getNamespace()));
    }
}
