package io.aigateway.operator.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every scenario under {@code src/test/resources/compiler/}: the resources in {@code in-*.yaml} are compiled
 * with a fixed clock, and every output must equal its {@code out-*.yaml}: one ConfigMap and one credentials Secret
 * per compiled gateway, and {@code out-diagnostics.yaml}. An output without a file, or a file without an output,
 * fails. Run with {@code -Dgolden.update=true} to rewrite the out files, then review the diff.
 */
class CompilerGoldenFilesTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);
    private static final Path SCENARIOS = Paths.get("src/test/resources/compiler");
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");

    @TestFactory
    Stream<DynamicTest> scenarios() throws IOException {
        try (Stream<Path> dirs = Files.list(SCENARIOS)) {
            List<Path> scenarios = dirs.filter(Files::isDirectory).sorted().toList();
            assertThat(scenarios).isNotEmpty();
            return scenarios.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
                    () -> runScenario(dir)));
        }
    }

    private static void runScenario(Path dir) throws IOException {
        List<Path> inputs = files(dir, "in-");
        if (inputs.isEmpty()) {
            fail("scenario " + dir + " has no in-*.yaml: every scenario directory must be read by this test");
        }
        Snapshot snapshot = TestResources.snapshot("default", inputs);
        CompileResult result = new RoutingCompiler(CLOCK).compile(snapshot);
        assertNoSecretValueLeaks(snapshot, result);

        Map<String, String> actual = new TreeMap<>();
        for (CompiledGateway gateway : result.gateways()) {
            actual.put("out-" + gateway.gateway() + "-routing.yaml",
                    TestResources.yaml(GatewayObjects.configMap("default", gateway)));
            actual.put("out-" + gateway.gateway() + "-credentials.yaml",
                    TestResources.yaml(GatewayObjects.credentialsSecret("default", gateway)));
        }
        actual.put("out-diagnostics.yaml", diagnosticsYaml(result.diagnostics()));

        if (UPDATE) {
            for (Path stale : files(dir, "out-")) {
                Files.delete(stale);
            }
            for (var output : actual.entrySet()) {
                Files.writeString(dir.resolve(output.getKey()), output.getValue(), StandardCharsets.UTF_8);
            }
            return;
        }
        Map<String, String> expected = new TreeMap<>();
        for (Path file : files(dir, "out-")) {
            expected.put(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        }
        assertThat(actual.keySet()).as("output files of " + dir).isEqualTo(expected.keySet());
        actual.forEach((name, content) -> assertThat(content).as(dir + "/" + name).isEqualTo(expected.get(name)));
    }

    /** Secret values may reach the credentials Secret, and nothing else: not the config, not a message. */
    private static void assertNoSecretValueLeaks(Snapshot snapshot, CompileResult result) {
        List<String> values = snapshot.secrets().values().stream().flatMap(data -> data.values().stream())
                .map(String::strip).filter(value -> value.length() >= 4).toList();
        for (String value : values) {
            for (CompiledGateway gateway : result.gateways()) {
                assertThat(gateway.configJson()).as("routing config of " + gateway.gateway())
                        .doesNotContain(value);
                assertThat(gateway.toString()).doesNotContain(value);
            }
            for (Diagnostic diagnostic : result.diagnostics()) {
                assertThat(diagnostic.toString()).doesNotContain(value);
            }
        }
    }

    /** One line per diagnostic, stable and easy to review. */
    static String diagnosticsYaml(List<Diagnostic> diagnostics) {
        if (diagnostics.isEmpty()) {
            return "[]\n";
        }
        List<String> entries = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            entries.add("- resource: " + d.resource() + "\n  condition: " + d.condition() + "\n  reason: "
                    + d.reason() + "\n  message: \"" + d.message().replace("\\", "\\\\").replace("\"", "\\\"")
                    + "\"\n");
        }
        return String.join("", entries);
    }

    private static List<Path> files(Path dir, String prefix) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".yaml")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
