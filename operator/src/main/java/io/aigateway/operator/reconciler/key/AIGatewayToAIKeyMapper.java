package io.aigateway.operator.reconciler.key;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.IndexedMapper;
import io.aigateway.operator.reconciler.Indexes;

/** An AIGateway concerns the AIKeys that name it. */
public final class AIGatewayToAIKeyMapper extends IndexedMapper<AIGateway> {

    /** @param keysByGateway the {@link Indexes#KEYS_BY_GATEWAY} index of the AIKey cache */
    public AIGatewayToAIKeyMapper(IndexLookup<AIKey> keysByGateway) {
        super(keysByGateway);
    }
}
