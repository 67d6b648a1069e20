package io.aigateway.benchmarks;

import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.GatewayScope;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.ScaleGateway;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.ConfigMap;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one gateway's reconcile costs the operator before it writes: its scope taken from the namespace's resources,
 * compiled, and the ConfigMaps it is written as (the manifest and its gzipped shards) built. The gateway is
 * {@link ScaleGateway}: {@code upstreams} upstreams of three targets with a service and a rule each, and {@code keys}
 * keys. Average time per compile, in milliseconds.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgs = "-Xmx1g")
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class CompileBenchmark {

    private static final String NAMESPACE = "bench";

    @Param("1000")
    public int upstreams;

    @Param("10000")
    public int keys;

    private final RoutingCompiler compiler = new RoutingCompiler(
            Clock.fixed(Instant.parse("2026-12-07T00:00:00Z"), ZoneOffset.UTC));
    private Snapshot namespace;

    @Setup
    public void setup() {
        namespace = ScaleGateway.generate(NAMESPACE, upstreams, keys, "http://127.0.0.1:9/v1").snapshot();
        CompiledGateway compiled = compileOnce().compiled();
        if (!compiled.fits() || compiled.config().routes().size() != upstreams
                || compiled.config().upstreams().size() != upstreams || compiled.config().clientKeys().size() != keys) {
            throw new IllegalStateException("the scale gateway did not compile whole: " + compiled);
        }
    }

    /** A compile and the objects it is written as. */
    public record Written(CompiledGateway compiled, List<ConfigMap> configMaps) {
    }

    @Benchmark
    public Written compileOnce() {
        Snapshot scope = GatewayScope.of(namespace.gateways().get(0), namespace.upstreams(), namespace.services(),
                namespace.rules(), namespace.keys(), names -> namespace.secrets());
        CompiledGateway compiled = compiler.compile(scope).gateway(ScaleGateway.NAME).orElseThrow();
        List<ConfigMap> configMaps = new ArrayList<>(GatewayObjects.shards(NAMESPACE, compiled));
        configMaps.add(GatewayObjects.configMap(NAMESPACE, compiled));
        return new Written(compiled, configMaps);
    }
}
