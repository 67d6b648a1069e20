package io.aigateway.operator.reconciler.key;

import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.compiler.ClientKeys;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.reconciler.SecretSelector;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Secret the operator creates for an AIKey without spec.secretRef: a fresh key under data key {@code key},
 * owned by the AIKey so that it goes when the AIKey goes. Created once; never rewritten.
 */
final class GeneratedKeySecret {

    private GeneratedKeySecret() {
    }

    /** @param selector the labels the operator's Secret cache selects, which the Secret carries so that it is seen */
    static Secret forKey(AIKey aiKey, SecretSelector selector) {
        String key = ClientKeys.generate();
        return new SecretBuilder()
                .withNewMetadata()
                .withName(GatewayObjects.generatedKeySecretName(aiKey.getMetadata().getName()))
                .withNamespace(aiKey.getMetadata().getNamespace())
                .addToLabels(selector.labels())
                .addToLabels(GatewayObjects.MANAGED_BY_LABEL, GatewayObjects.MANAGED_BY)
                .addToOwnerReferences(new OwnerReferenceBuilder()
                        .withApiVersion(aiKey.getApiVersion())
                        .withKind(aiKey.getKind())
                        .withName(aiKey.getMetadata().getName())
                        .withUid(aiKey.getMetadata().getUid())
                        .withController(true)
                        .withBlockOwnerDeletion(false)
                        .build())
                .endMetadata()
                .withType("Opaque")
                .addToData(GatewayObjects.GENERATED_KEY_DATA_KEY,
                        Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)))
                .build();
    }
}
