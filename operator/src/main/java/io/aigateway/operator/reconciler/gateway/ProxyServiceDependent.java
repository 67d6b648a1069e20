package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.Service;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The Service {@code <gateway>}: client traffic and the proxies' metrics port. Owned by the gateway. */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class ProxyServiceDependent extends CRUDKubernetesDependentResource<Service, AIGateway>
        implements GatewayObjectDependent {

    public ProxyServiceDependent() {
        super(Service.class);
    }

    @Override
    protected Service desired(AIGateway gateway, Context<AIGateway> context) {
        return ProxyObjects.service(gateway);
    }

    @Override
    public String objectName(AIGateway gateway) {
        return gateway.getMetadata().getName();
    }
}
