package io.aigateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RoutingConfigShardsTest {

    /** JSON that gzip cannot shrink much (hex digests, as client keys are), so that it takes several shards. */
    private static String largeJson(long seed) {
        Random random = new Random(seed);
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < 20_000; i++) {
            json.append(i == 0 ? "" : ",").append('"').append(Long.toHexString(random.nextLong()))
                    .append(Long.toHexString(random.nextLong())).append('"');
        }
        return json.append("]}").toString();
    }

    private static Map<String, byte[]> byName(RoutingConfigShards.Manifest manifest, List<byte[]> shards) {
        Map<String, byte[]> byName = new HashMap<>();
        for (int i = 0; i < shards.size(); i++) {
            byName.put(manifest.shards().get(i).name(), shards.get(i));
        }
        return byName;
    }

    @Test
    void theShardsAManifestListsAssembleToTheConfig() {
        String json = largeJson(1);
        List<byte[]> shards = RoutingConfigShards.split(json);
        assertThat(shards).hasSizeGreaterThan(1)
                .allSatisfy(shard -> assertThat(shard.length).isLessThanOrEqualTo(RoutingConfigShards.SHARD_BYTES));
        RoutingConfigShards.Manifest manifest = RoutingConfigShards.manifest("gw", "rev1", shards);

        RoutingConfigShards.Manifest read = RoutingConfigShards.Manifest.fromJson(manifest.toJson());

        assertThat(read).isEqualTo(manifest);
        assertThat(read.shards()).allSatisfy(shard -> assertThat(shard.name()).startsWith("gw-routing-"));
        assertThat(RoutingConfigShards.assemble(read, byName(manifest, shards))).isEqualTo(json);
    }

    @Test
    void aMissingShardLeavesTheRevisionUnassembled() {
        List<byte[]> shards = RoutingConfigShards.split(largeJson(2));
        RoutingConfigShards.Manifest manifest = RoutingConfigShards.manifest("gw", "rev2", shards);
        Map<String, byte[]> present = byName(manifest, shards);
        present.remove(manifest.shards().get(1).name());

        assertThatThrownBy(() -> RoutingConfigShards.assemble(manifest, present))
                .isInstanceOf(RoutingConfigShards.IncompleteException.class)
                .hasMessage("shard " + manifest.shards().get(1).name() + " is missing");
    }

    @Test
    void aShardWhoseBytesAreNotTheListedOnesIsRefused() {
        List<byte[]> shards = RoutingConfigShards.split(largeJson(3));
        RoutingConfigShards.Manifest manifest = RoutingConfigShards.manifest("gw", "rev3", shards);
        Map<String, byte[]> present = byName(manifest, shards);
        String first = manifest.shards().get(0).name();
        // Another revision's bytes under the listed name.
        present.put(first, RoutingConfigShards.split(largeJson(4)).get(0));

        assertThatThrownBy(() -> RoutingConfigShards.assemble(manifest, present))
                .isInstanceOf(RoutingConfigShards.IncompleteException.class)
                .hasMessageContaining(first + " does not have the digest");
    }

    @Test
    void aManifestWithoutShardsIsInvalid() {
        assertThatThrownBy(() -> RoutingConfigShards.Manifest.fromJson("{\"revision\":\"r\",\"shards\":[]}"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
