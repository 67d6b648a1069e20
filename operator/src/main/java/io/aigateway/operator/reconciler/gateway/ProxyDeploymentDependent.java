package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Deployment {@code <gateway>-proxy}: the proxy pods. Its status events reconcile the gateway, whose Ready
 * follows the available replicas. Owned by the gateway.
 */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class ProxyDeploymentDependent extends CRUDKubernetesDependentResource<Deployment, AIGateway>
        implements GatewayObjectDependent {

    public ProxyDeploymentDependent() {
        super(Deployment.class);
    }

    @Override
    protected Deployment desired(AIGateway gateway, Context<AIGateway> context) {
        return ProxyObjects.deployment(gateway, DefaultProxyImage.from(context));
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.proxyName(gateway.getMetadata().getName());
    }
}
