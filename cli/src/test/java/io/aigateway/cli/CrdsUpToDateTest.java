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
import org.junit.jupiter.api.Test;

/** The CRDs committed in crds/ are the ones the build generates from the Java classes. */
class CrdsUpToDateTest {

    static final String REGENERATE = "./mvnw -B -pl cli -am -Pupdate-crds -DskipTests process-classes";

    @Test
    void shouldMatchTheGeneratedCrds() throws IOException {
        for (Class<? extends HasMetadata> type : CrdSchemas.RESOURCE_CLASSES) {
            String generated = classpathText(CrdSchemas.generatedCrdResource(type));
            Path committed = TestPaths.crds().resolve(CrdSchemas.committedCrdFileName(type));
            assertThat(committed)
                    .as("crds/%s is missing; regenerate the CRDs with: %s", committed.getFileName(), REGENERATE)
                    .isRegularFile();
            assertThat(normalise(Files.readString(committed)))
                    .as("crds/%s is stale; regenerate the CRDs with: %s", committed.getFileName(), REGENERATE)
                    .isEqualTo(normalise(generated));
        }
    }

    @Test
    void shouldHoldNoOtherFiles() throws IOException {
        List<String> expected = CrdSchemas.RESOURCE_CLASSES.stream().map(CrdSchemas::committedCrdFileName).toList();
        try (Stream<Path> files = Files.list(TestPaths.crds())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .as("crds/ holds a CRD that is no longer generated; regenerate the CRDs with: %s", REGENERATE)
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
