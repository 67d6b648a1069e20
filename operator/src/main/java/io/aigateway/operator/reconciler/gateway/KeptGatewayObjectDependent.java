package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.event.ResourceID;

/**
 * A gateway object whose desired state may be the object as written (while a routing change waits), so its
 * {@code desired()} reads {@link #getSecondaryResource}. That lookup is by {@link #objectName}: JOSDK's own would
 * name the object by calling {@code desired()}, which would call itself without end.
 */
abstract class KeptGatewayObjectDependent<R extends HasMetadata> extends CRUDKubernetesDependentResource<R, AIGateway>
        implements GatewayObjectDependent {

    KeptGatewayObjectDependent(Class<R> resourceType) {
        super(resourceType);
    }

    @Override
    protected ResourceID targetSecondaryResourceID(AIGateway gateway, Context<AIGateway> context) {
        return new ResourceID(objectName(gateway), gateway.getMetadata().getNamespace());
    }
}
