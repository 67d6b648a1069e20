package io.aigateway.operator.reconciler.key;

import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** A Secret concerns the AIKeys whose key it holds, whether named in spec.secretRef or generated. */
public final class SecretToAIKeyMapper implements SecondaryToPrimaryMapper<Secret> {

    private final IndexLookup<AIKey> keysBySecret;

    /** @param keysBySecret the {@link Indexes#KEYS_BY_SECRET} index of the AIKey cache */
    public SecretToAIKeyMapper(IndexLookup<AIKey> keysBySecret) {
        this.keysBySecret = keysBySecret;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(Secret secret) {
        return keysBySecret.byKey(Indexes.key(secret)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
