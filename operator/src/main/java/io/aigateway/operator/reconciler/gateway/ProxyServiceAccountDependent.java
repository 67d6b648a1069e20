package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The ServiceAccount {@code <gateway>-proxy} the proxy pods run as. Owned by the gateway. */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class ProxyServiceAccountDependent extends CRUDKubernetesDependentResource<ServiceAccount, AIGateway>
        implements GatewayObjectDependent {

    public ProxyServiceAccountDependent() {
        super(ServiceAccount.class);
    }

    @Override
    protected ServiceAccount desired(AIGateway gateway, Context<AIGateway> context) {
        return ProxyObjects.serviceAccount(gateway);
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.proxyName(gateway.getMetadata().getName());
    }
}
