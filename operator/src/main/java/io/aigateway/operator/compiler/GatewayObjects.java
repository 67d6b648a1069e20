package io.aigateway.operator.compiler;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.RoutingConfigShards;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes objects a compiled gateway is written as, and their labels. Shared by the reconciler and the CLI
 * so that both produce the same objects; the names the proxy reads too are {@link GatewayNames}, in the model.
 */
public final class GatewayObjects {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "ai-gateway-operator";
    public static final String GATEWAY_LABEL = "aigateway.io/gateway";
    public static final String REVISION_ANNOTATION = "aigateway.io/config-revision";
    /** Marks the shards of a sharded routing config, apart from the other ConfigMaps of the gateway. */
    public static final String ROUTING_SHARD_LABEL = "aigateway.io/routing-shard";

    /** The data key of a Secret the operator generates for an AIKey. */
    public static final String GENERATED_KEY_DATA_KEY = "key";

    private GatewayObjects() {
    }

    /** Where the key of an AIKey without secretRef lives. */
    public static String generatedKeySecretName(String aiKey) {
        return aiKey + "-client-key";
    }

    public static Map<String, String> labels(String gateway) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(GATEWAY_LABEL, gateway);
        return labels;
    }

    /**
     * The ConfigMap {@code <gateway>-routing}: the config itself, or, when it is sharded, the manifest of its shards
     * (written after them).
     */
    public static ConfigMap configMap(String namespace, CompiledGateway compiled) {
        String revision = compiled.config().revision();
        Map<String, String> data = compiled.shards().isEmpty()
                ? Map.of(RoutingConfigJson.CONFIG_MAP_KEY, compiled.configJson())
                : Map.of(RoutingConfigShards.MANIFEST_KEY,
                        RoutingConfigShards.manifest(compiled.gateway(), revision, compiled.shards()).toJson());
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(GatewayNames.routingConfigMapName(compiled.gateway()))
                .withNamespace(namespace)
                .withLabels(labels(compiled.gateway()))
                .addToAnnotations(REVISION_ANNOTATION, revision)
                .endMetadata()
                .withData(data)
                .build();
    }

    /**
     * The shards of a sharded config, in order; none when the config is inline. A shard is named by its content
     * alone (two revisions may share one), so it carries no revision.
     */
    public static List<ConfigMap> shards(String namespace, CompiledGateway compiled) {
        List<ConfigMap> shards = new ArrayList<>();
        for (byte[] bytes : compiled.shards()) {
            Map<String, String> shardLabels = labels(compiled.gateway());
            shardLabels.put(ROUTING_SHARD_LABEL, "true");
            shards.add(new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(GatewayNames.routingShardName(compiled.gateway(), RoutingConfigShards.sha256(bytes)))
                    .withNamespace(namespace)
                    .withLabels(shardLabels)
                    .endMetadata()
                    .addToBinaryData(RoutingConfigShards.SHARD_KEY, Base64.getEncoder().encodeToString(bytes))
                    .build());
        }
        return shards;
    }

    public static Secret credentialsSecret(String namespace, CompiledGateway compiled) {
        return credentialsSecret(namespace, compiled.gateway(), compiled.credentials());
    }

    /** The credentials Secret of a gateway holding {@code entries}: entry name to value. */
    public static Secret credentialsSecret(String namespace, String gateway, Map<String, String> entries) {
        Map<String, String> data = new TreeMap<>();
        entries.forEach((entry, value) ->
                data.put(entry, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(GatewayNames.credentialsSecretName(gateway))
                .withNamespace(namespace)
                .withLabels(labels(gateway))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }
}
