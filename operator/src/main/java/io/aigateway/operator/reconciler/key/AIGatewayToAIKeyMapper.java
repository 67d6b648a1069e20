package io.aigateway.operator.reconciler.key;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** An AIGateway concerns the AIKeys that name it. */
public final class AIGatewayToAIKeyMapper implements SecondaryToPrimaryMapper<AIGateway> {

    private final IndexLookup<AIKey> keysByGateway;

    /** @param keysByGateway the {@link Indexes#KEYS_BY_GATEWAY} index of the AIKey cache */
    public AIGatewayToAIKeyMapper(IndexLookup<AIKey> keysByGateway) {
        this.keysByGateway = keysByGateway;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIGateway gateway) {
        return keysByGateway.byKey(Indexes.key(gateway)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
