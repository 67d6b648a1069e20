package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;

/**
 * The ConfigMap {@code <gateway>-routing}: the compiled routing config the proxies read, or the manifest of its
 * shards, written after them. Kept as it is while a new config does not fit. Owned by the gateway.
 */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class RoutingConfigMapDependent extends KeptGatewayObjectDependent<ConfigMap> {

    public RoutingConfigMapDependent() {
        super(ConfigMap.class);
    }

    @Override
    protected ConfigMap desired(AIGateway gateway, Context<AIGateway> context) {
        return GatewayCompilation.from(context).writable()
                .map(compiled -> GatewayObjects.configMap(gateway.getMetadata().getNamespace(), compiled))
                // RoutingConfigWritableOrWritten: without a config that fits, this runs only when one is written.
                .orElseGet(() -> WrittenObjects.configMap(getSecondaryResource(gateway, context).orElseThrow()));
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.routingConfigMapName(gateway.getMetadata().getName());
    }
}
