package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/** The RoleBinding {@code <gateway>-proxy}: the proxy's Role to its ServiceAccount. Owned by the gateway. */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class ProxyRoleBindingDependent extends CRUDKubernetesDependentResource<RoleBinding, AIGateway>
        implements GatewayObjectDependent {

    public ProxyRoleBindingDependent() {
        super(RoleBinding.class);
    }

    @Override
    protected RoleBinding desired(AIGateway gateway, Context<AIGateway> context) {
        return ProxyObjects.roleBinding(gateway);
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.proxyName(gateway.getMetadata().getName());
    }
}
