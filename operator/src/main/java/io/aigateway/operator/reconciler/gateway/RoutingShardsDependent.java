package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigShards;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.CRUDKubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.KubernetesBulkDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.CRUDKubernetesDependentResource;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The shards {@code <gateway>-routing-<digest>} of a config too large for one ConfigMap, written before the manifest
 * that lists them. The shards the written manifest lists stay until it lists others, so the proxies can always
 * assemble the revision they serve; the others are deleted, which for the previous revision's is at the gateway's
 * next reconcile after its manifest moved on. Owned by the gateway.
 */
@KubernetesDependent(informer = @Informer(labelSelector = GatewayObjects.MANAGED_BY_LABEL + "="
        + GatewayObjects.MANAGED_BY + "," + GatewayObjects.ROUTING_SHARD_LABEL))
public class RoutingShardsDependent extends CRUDKubernetesDependentResource<ConfigMap, AIGateway>
        implements CRUDKubernetesBulkDependentResource<ConfigMap, AIGateway>,
        KubernetesBulkDependentResource<ConfigMap, AIGateway>, GatewayObjectDependent {

    public RoutingShardsDependent() {
        super(ConfigMap.class);
    }

    @Override
    public Map<ResourceID, ConfigMap> desiredResources(AIGateway gateway, Context<AIGateway> context) {
        Map<ResourceID, ConfigMap> desired = new HashMap<>();
        Set<String> listed = listedByWrittenManifest(gateway, context);
        getSecondaryResources(gateway, context).forEach((id, shard) -> {
            if (listed.contains(id.getName())) {
                desired.put(id, WrittenObjects.configMap(shard));
            }
        });
        GatewayCompilation.from(context).writable().ifPresent(compiled -> GatewayObjects
                .shards(gateway.getMetadata().getNamespace(), compiled)
                .forEach(shard -> desired.put(ResourceID.fromResource(shard), shard)));
        return desired;
    }

    /**
     * The gateway's shards, from this dependent's own informer. JOSDK's default reads every ConfigMap source of the
     * gateway, so it would count a shard twice (failing) and {@code <gateway>-routing} as a shard to delete.
     */
    @Override
    public Map<ResourceID, ConfigMap> getSecondaryResources(AIGateway gateway, Context<AIGateway> context) {
        Map<ResourceID, ConfigMap> shards = new HashMap<>();
        eventSource().orElseThrow().getSecondaryResources(gateway)
                .forEach(shard -> shards.put(ResourceID.fromResource(shard), shard));
        return shards;
    }

    /** The shards the manifest the proxies now read lists; none when the config written is inline. */
    private static Set<String> listedByWrittenManifest(AIGateway gateway, Context<AIGateway> context) {
        String manifest = GatewayNames.routingConfigMapName(gateway.getMetadata().getName());
        return context.getSecondaryResourcesAsStream(ConfigMap.class)
                .filter(configMap -> configMap.getMetadata().getName().equals(manifest))
                .findFirst()
                .map(ConfigMap::getData)
                .map(data -> data.get(RoutingConfigShards.MANIFEST_KEY))
                .map(json -> RoutingConfigShards.Manifest.fromJson(json).shards().stream()
                        .map(RoutingConfigShards.Shard::name).collect(Collectors.toSet()))
                .orElse(Set.of());
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.routingConfigMapName(gateway.getMetadata().getName()) + "-<digest>";
    }
}
