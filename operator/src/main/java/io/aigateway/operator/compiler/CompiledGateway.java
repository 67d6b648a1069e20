package io.aigateway.operator.compiler;

import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.RoutingConfigShards;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;

/**
 * What one gateway compiles to.
 *
 * @param configJson the routing config as written into the ConfigMap (or gzipped into its shards), byte for byte
 * @param shards the gzipped config cut into {@link RoutingConfigShards}, in order; empty when the config is small
 *     enough to be written inline, in {@code <gateway>-routing} itself
 * @param credentials entry name to value, for the credentials Secret; the only place credential values go
 */
public record CompiledGateway(String gateway, RoutingConfig config, String configJson, List<byte[]> shards,
        SortedMap<String, String> credentials) {

    /** Bytes of config JSON written inline, in {@code <gateway>-routing}; a larger config is sharded. */
    public static final int MAX_INLINE_CONFIG_BYTES = 512 * 1024;
    /** Bytes of credentials the one credentials Secret may carry, leaving room under the 1 MiB object limit. */
    public static final int MAX_CREDENTIAL_BYTES = 1_000_000;

    public CompiledGateway {
        shards = List.copyOf(shards);
    }

    /** The config serialised as written, inline or, past {@link #MAX_INLINE_CONFIG_BYTES}, in shards. */
    public static CompiledGateway of(String gateway, RoutingConfig config, SortedMap<String, String> credentials) {
        String json = RoutingConfigJson.write(config);
        boolean inline = json.getBytes(StandardCharsets.UTF_8).length <= MAX_INLINE_CONFIG_BYTES;
        return new CompiledGateway(gateway, config, json, inline ? List.of() : RoutingConfigShards.split(json),
                credentials);
    }

    /** The config, inline or in at most {@link RoutingConfigShards#MAX_SHARDS} shards. */
    public boolean configFits() {
        return shards.size() <= RoutingConfigShards.MAX_SHARDS;
    }

    public boolean credentialsFit() {
        return credentialBytes() <= MAX_CREDENTIAL_BYTES;
    }

    /**
     * Whether the config may be written. When it does not fit, its routing change waits: the proxies keep the last
     * config written, and the gateway carries a ConfigTooLarge diagnostic.
     */
    public boolean fits() {
        return configFits() && credentialsFit();
    }

    /** The bytes of gzipped config, over all shards (0 when inline). */
    public int shardedBytes() {
        return shards.stream().mapToInt(shard -> shard.length).sum();
    }

    /** The Secret's data as stored: base64 values and their entry names. */
    public int credentialBytes() {
        return credentials.entrySet().stream()
                .mapToInt(e -> e.getKey().length() + e.getValue().getBytes(StandardCharsets.UTF_8).length * 4 / 3 + 4)
                .sum();
    }

    @Override
    public String toString() {
        // Never print credential values.
        return "CompiledGateway[" + gateway + " revision " + config.revision() + ", " + shards.size() + " shards, "
                + credentials.size() + " credential entries]";
    }
}
