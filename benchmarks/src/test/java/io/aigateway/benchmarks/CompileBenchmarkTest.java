package io.aigateway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.RoutingConfigShards;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Runs the benchmark once without JMH: the scale gateway compiles whole and is written as shards. */
class CompileBenchmarkTest {

    @Test
    void shouldCompileTheScaleGatewayIntoShardsThatFit() {
        CompileBenchmark benchmark = new CompileBenchmark();
        benchmark.upstreams = 1000;
        benchmark.keys = 10_000;
        benchmark.setup();

        CompileBenchmark.Written written = benchmark.compileOnce();

        assertThat(written.compiled().config().upstreams()).hasSize(1000)
                .allSatisfy(upstream -> assertThat(upstream.targets()).hasSize(3));
        assertThat(written.compiled().config().clientKeys()).hasSize(10_000);
        assertThat(written.compiled().shards()).hasSizeBetween(2, RoutingConfigShards.MAX_SHARDS);
        // The manifest and every shard well under the 1 MiB of one object, base64 included.
        assertThat(written.configMaps()).allSatisfy(configMap -> assertThat(Stream.of(configMap.getData(),
                configMap.getBinaryData()).filter(Objects::nonNull).flatMap(data -> data.values().stream())
                .mapToInt(String::length).sum()).isLessThan(512 * 1024));
    }
}
