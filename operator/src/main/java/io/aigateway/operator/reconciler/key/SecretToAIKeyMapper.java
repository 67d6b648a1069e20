package io.aigateway.operator.reconciler.key;

import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.IndexedMapper;
import io.aigateway.operator.reconciler.Indexes;
import io.fabric8.kubernetes.api.model.Secret;

/** A Secret concerns the AIKeys whose key it holds, whether named in spec.secretRef or generated. */
public final class SecretToAIKeyMapper extends IndexedMapper<Secret> {

    /** @param keysBySecret the {@link Indexes#KEYS_BY_SECRET} index of the AIKey cache */
    public SecretToAIKeyMapper(IndexLookup<AIKey> keysBySecret) {
        super(keysBySecret);
    }
}
