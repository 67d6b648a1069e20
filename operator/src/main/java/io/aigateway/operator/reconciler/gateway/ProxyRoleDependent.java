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
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.List;

/**
 * The Role {@code <gateway>-proxy}: what the proxy may read and write, each object by name. It follows the
 * upstreams, the limited keys and the shards of the written config, and is written before the config that needs it.
 * Owned by the gateway.
 */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class ProxyRoleDependent extends KeptGatewayObjectDependent<Role> {

    public ProxyRoleDependent() {
        super(Role.class);
    }

    @Override
    protected Role desired(AIGateway gateway, Context<AIGateway> context) {
        return GatewayCompilation.from(context).writable().map(compiled -> {
            RoutingConfig config = compiled.config();
            return ProxyObjects.role(gateway, config.upstreams().stream().map(Upstream::name).toList(),
                    config.clientKeys().stream().filter(ClientKey::counted).map(ClientKey::name).toList(),
                    config.rateLimitStore() != null,
                    GatewayObjects.shards(gateway.getMetadata().getNamespace(), compiled).stream()
                            .map(shard -> shard.getMetadata().getName()).toList());
        }).orElseGet(() -> getSecondaryResource(gateway, context).map(WrittenObjects::role)
                // The config does not fit: the rights of the one written stay, or none yet.
                .orElseGet(() -> ProxyObjects.role(gateway, List.of(), List.of(), false, List.of())));
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.proxyName(gateway.getMetadata().getName());
    }
}
