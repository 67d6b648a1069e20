package io.aigateway.operator.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A gateway's reconcile compiles its scope only: the same config and diagnostics as a compile of its whole
 * namespace gives it, on every scenario, without the other gateways' resources.
 */
class GatewayScopeTest {

    private static final Path SCENARIOS = Paths.get("src/test/resources/compiler");
    private final RoutingCompiler compiler = new RoutingCompiler(CompilerGoldenFilesTest.CLOCK);

    private static Snapshot scope(Snapshot namespace, AIGateway gateway, Set<String> secretsAskedFor) {
        return GatewayScope.of(gateway, namespace.upstreams(), namespace.services(), namespace.rules(),
                namespace.keys(), names -> {
                    secretsAskedFor.addAll(names);
                    Map<String, Map<String, String>> secrets = new TreeMap<>(namespace.secrets());
                    secrets.keySet().retainAll(names);
                    return secrets;
                });
    }

    @Test
    void shouldCompileEachGatewayAsTheWholeNamespaceDoesFromItsScopeAlone() throws IOException {
        try (Stream<Path> dirs = Files.list(SCENARIOS)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Snapshot namespace = TestResources.snapshot("default", inputs(dir));
                CompileResult whole = compiler.compile(namespace);
                for (AIGateway gateway : namespace.gateways()) {
                    String name = gateway.getMetadata().getName();
                    CompileResult scoped = compiler.compile(scope(namespace, gateway, new TreeSet<>()));

                    assertThat(scoped.gateways()).as(dir + " " + name).allSatisfy(compiled ->
                            assertThat(compiled.gateway()).isEqualTo(name));
                    assertThat(scoped.gateway(name).map(CompiledGateway::configJson))
                            .as(dir + " " + name).isEqualTo(whole.gateway(name).map(CompiledGateway::configJson));
                    assertThat(scoped.gateway(name).map(CompiledGateway::credentials))
                            .as(dir + " " + name).isEqualTo(whole.gateway(name).map(CompiledGateway::credentials));
                    assertThat(scoped.diagnosticsFor(ResourceRef.of(gateway))).as(dir + " " + name)
                            .isEqualTo(whole.diagnosticsFor(ResourceRef.of(gateway)));
                }
            }
        }
    }

    @Test
    void shouldLeaveOutTheResourcesAndSecretsOfTheOtherGateways() throws IOException {
        Snapshot namespace = TestResources.snapshot("default", inputs(SCENARIOS.resolve("route-order-and-flags")));
        assertThat(namespace.gateways()).hasSize(2);
        AIGateway first = namespace.gateways().get(0);
        Set<String> secretsAskedFor = new TreeSet<>();

        Snapshot scope = scope(namespace, first, secretsAskedFor);

        assertThat(scope.gateways()).containsExactly(first);
        assertThat(scope.rules()).isNotEmpty().hasSizeLessThan(namespace.rules().size())
                .allSatisfy(rule -> assertThat(RuleChecks.gatewayName(rule)).isEqualTo(first.getMetadata()
                        .getName()));
        assertThat(scope.keys()).allSatisfy(key -> assertThat(KeyChecks.gatewayName(key))
                .isEqualTo(first.getMetadata().getName()));
        assertThat(secretsAskedFor).isEqualTo(scope.secrets().keySet());
    }

    private static List<Path> inputs(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith("in-")).sorted().toList();
        }
    }
}
