package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Secret {@code <gateway>-credentials}: the provider credentials the routing config refers to. Owned by the
 * gateway.
 */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class CredentialsSecretDependent extends CRUDKubernetesDependentResource<Secret, AIGateway>
        implements GatewayObjectDependent {

    public CredentialsSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(AIGateway gateway, Context<AIGateway> context) {
        return GatewayObjects.credentialsSecret(gateway.getMetadata().getNamespace(),
                GatewayCompilation.writableFrom(context));
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.credentialsSecretName(gateway.getMetadata().getName());
    }
}
