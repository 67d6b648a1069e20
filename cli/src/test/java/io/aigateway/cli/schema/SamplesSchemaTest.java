package io.aigateway.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import io.aigateway.cli.resources.LoadResult;
import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.cli.resources.ResourceLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every document of every file in samples/ is valid against the generated CRDs. */
class SamplesSchemaTest {

    private static final ResourceValidator VALIDATOR = ResourceValidator.fromClasspath();

    @TestFactory
    Stream<DynamicTest> shouldValidateEverySampleAgainstTheCrds() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestPaths.samples())) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.startsWith(TestPaths.samples().resolve("argocd"))) // Argo CD's, not ours
                    .sorted().toList();
        }
        assertThat(files).isNotEmpty();
        return files.stream().map(file -> DynamicTest.dynamicTest(TestPaths.samples().relativize(file).toString(),
                () -> {
                    LoadResult loaded = new ResourceLoader("default").load(List.of(file));
                    assertThat(loaded.errors()).isEmpty();
                    assertThat(loaded.ignored()).isZero();
                    assertThat(loaded.resources()).isNotEmpty();
                    for (LoadedResource resource : loaded.resources()) {
                        assertThat(resource.resource()).as(resource.source()).isNotNull();
                        if (VALIDATOR.knows(resource.ref().kind())) {
                            assertThat(VALIDATOR.validate(resource.raw())).as(resource.source()).isEmpty();
                        }
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> shouldHaveEveryKindInEveryScenario() throws IOException {
        List<Path> scenarios = TestPaths.scenarios();
        assertThat(scenarios).hasSizeGreaterThanOrEqualTo(3);
        return scenarios.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            LoadResult loaded = new ResourceLoader("default").load(List.of(dir));
            assertThat(loaded.resources().stream().map(r -> r.ref().kind()).collect(Collectors.toSet()))
                    .contains("AIGateway", "AIUpstream", "AIService", "AIRule", "AIKey", "Secret");
        }));
    }
}
