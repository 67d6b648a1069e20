package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.ClientKey;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Upstream;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The Role {@code <gateway>-proxy}: what the proxy may read and write, each object by name. It follows the
 * upstreams and the limited keys of the written config. Owned by the gateway.
 */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class ProxyRoleDependent extends CRUDKubernetesDependentResource<Role, AIGateway>
        implements GatewayObjectDependent {

    public ProxyRoleDependent() {
        super(Role.class);
    }

    @Override
    protected Role desired(AIGateway gateway, Context<AIGateway> context) {
        RoutingConfig config = GatewayCompilation.writableFrom(context).config();
        return ProxyObjects.role(gateway, config.upstreams().stream().map(Upstream::name).toList(),
                config.clientKeys().stream().filter(ClientKey::counted).map(ClientKey::name).toList(),
                config.rateLimitStore() != null);
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.proxyName(gateway.getMetadata().getName());
    }
}
