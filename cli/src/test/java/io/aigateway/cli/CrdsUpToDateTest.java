package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.schema.CrdSchemas;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CRDs committed in crds/, and their copy in the Helm chart's crds/, are the ones the build generates from the
 * Java classes.
 */
class CrdsUpToDateTest {

    static final String REGENERATE = "./mvnw -B -pl cli -am -Pupdate-crds -DskipTests process-test-classes";

    /** Both committed copies, named as the repository names them. */
    static Stream<Arguments> committedCopies() {
        Path crds = TestPaths.crds();
        return Stream.of(
                Arguments.of("crds/", crds),
                Arguments.of("charts/ai-gateway-operator/crds/",
                        crds.resolveSibling("charts/ai-gateway-operator/crds")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedCopies")
    void shouldMatchTheGeneratedCrds(String name, Path directory) throws IOException {
        for (Class<? extends HasMetadata> type : CrdSchemas.RESOURCE_CLASSES) {
            String generated = classpathText(CrdSchemas.generatedCrdResource(type));
            Path committed = directory.resolve(CrdSchemas.committedCrdFileName(type));
            assertThat(committed)
                    .as("%s%s is missing; regenerate the CRDs with: %s", name, committed.getFileName(), REGENERATE)
                    .isRegularFile();
            assertThat(normalise(Files.readString(committed)))
                    .as("%s%s is stale; regenerate the CRDs with: %s", name, committed.getFileName(), REGENERATE)
                    .isEqualTo(normalise(generated));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("committedCopies")
    void shouldHoldNoOtherFiles(String name, Path directory) throws IOException {
        List<String> expected = CrdSchemas.RESOURCE_CLASSES.stream().map(CrdSchemas::committedCrdFileName).toList();
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("%s holds a CRD that is no longer generated; regenerate the CRDs with: %s", name, REGENERATE)
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    private static String classpathText(String resource) throws IOException {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = CrdsUpToDateTest.class.getClassLoader().getResourceAsStream(resource);
        assertThat(in).as("%s on the class path (from the operator jar)", resource).isNotNull();
        return in;
    }

    private static String normalise(String yaml) {
        return yaml.replace("\r\n", "\n").strip();
    }
}
