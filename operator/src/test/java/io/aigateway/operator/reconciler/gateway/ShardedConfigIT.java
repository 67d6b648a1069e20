package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.RoutingConfigShards;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.rbac.Role;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Real API server tier: a config over 512 KiB is written as shards, then the manifest listing them, with a Role that
 * lets the proxy get them by name; the shards no manifest lists any more are deleted once the manifest moved on.
 */
class ShardedConfigIT extends OperatorITBase {

    private static final String GATEWAY = "multi-provider";
    private static final String ROUTING = GatewayNames.routingConfigMapName(GATEWAY);

    /** 600 KB of hex digits in a header of the upstream's first target: a config of about 2 shards. */
    private void pad(long seed) {
        Random random = new Random(seed);
        StringBuilder padding = new StringBuilder();
        while (padding.length() < 600_000) {
            padding.append(Long.toHexString(random.nextLong()));
        }
        edit(AIUpstream.class, "ai-providers", upstream -> {
            upstream.getSpec().getTargets().get(0).setHeaders(Map.of("x-padding", padding.toString()));
            return upstream;
        });
    }

    /** The manifest written once it lists a config whose padding starts as given, and its shards' names. */
    private Set<String> awaitManifestOf(long seed) {
        String start = Long.toHexString(new Random(seed).nextLong());
        Set<String> listed = new TreeSet<>();
        eventually().untilAsserted(() -> {
            ConfigMap manifest = get(ConfigMap.class, ROUTING);
            assertThat(manifest.getData()).containsOnlyKeys(RoutingConfigShards.MANIFEST_KEY);
            RoutingConfigShards.Manifest read = RoutingConfigShards.Manifest.fromJson(
                    manifest.getData().get(RoutingConfigShards.MANIFEST_KEY));
            Map<String, byte[]> shards = new HashMap<>();
            for (ConfigMap shard : shards()) {
                shards.put(shard.getMetadata().getName(), Base64.getDecoder().decode(
                        shard.getBinaryData().get(RoutingConfigShards.SHARD_KEY)));
            }
            String json = RoutingConfigShards.assemble(read, shards);
            assertThat(RoutingConfigJson.read(json).upstreams().get(0).targets().get(0).headers().get("x-padding"))
                    .startsWith(start);
            assertThat(get(AIGateway.class, GATEWAY).getStatus().getConfigRevision()).isEqualTo(read.revision());
            listed.clear();
            listed.addAll(read.shards().stream().map(RoutingConfigShards.Shard::name).toList());
        });
        return listed;
    }

    private List<ConfigMap> shards() {
        return client.configMaps().inNamespace(namespace).withLabel(GatewayObjects.ROUTING_SHARD_LABEL).list()
                .getItems();
    }

    private Set<String> shardNames() {
        return shards().stream().map(shard -> shard.getMetadata().getName()).collect(Collectors.toSet());
    }

    @Test
    void shouldWriteALargeConfigAsShardsAndDeleteThoseNoManifestListsAnyMore() {
        applySample("round-robin");
        setProxyAvailable(GATEWAY, 1);

        pad(1);
        Set<String> first = awaitManifestOf(1);
        assertThat(first).hasSizeGreaterThan(1);
        assertThat(shards()).allSatisfy(shard -> assertThat(shard.getMetadata().getOwnerReferences())
                .extracting(owner -> owner.getName()).containsExactly(GATEWAY));
        Role role = get(Role.class, GatewayNames.proxyName(GATEWAY));
        assertThat(role.getRules()).anySatisfy(rule -> {
            assertThat(rule.getResources()).containsExactly("configmaps");
            assertThat(rule.getVerbs()).containsExactly("get");
            assertThat(rule.getResourceNames()).containsExactlyInAnyOrderElementsOf(first);
        });

        pad(2);
        Set<String> second = awaitManifestOf(2);
        assertThat(second).doesNotContainAnyElementsOf(first);
        pad(3);
        Set<String> third = awaitManifestOf(3);

        // The first's shards, which no manifest lists since the second, are deleted; the third's are all there.
        eventually().untilAsserted(() -> assertThat(shardNames()).doesNotContainAnyElementsOf(first)
                .containsAll(third));
    }
}
