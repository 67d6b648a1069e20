package io.aigateway.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFingerprintTest {

    @TempDir
    Path dir;

    @Test
    void shouldChangeWithAnyYamlFileBelowADirectoryAndOnlyThen() throws IOException {
        Path nested = Files.createDirectories(dir.resolve("a"));
        Files.writeString(nested.resolve("one.yaml"), "x: 1\n");
        String before = InputFingerprint.of(List.of(dir));

        Files.writeString(dir.resolve("notes.txt"), "not read");
        assertThat(InputFingerprint.of(List.of(dir))).isEqualTo(before);

        Files.writeString(nested.resolve("one.yaml"), "x: 2\n");
        String edited = InputFingerprint.of(List.of(dir));
        assertThat(edited).isNotEqualTo(before);

        Files.writeString(dir.resolve("two.yml"), "y: 1\n");
        assertThat(InputFingerprint.of(List.of(dir))).isNotEqualTo(edited);
    }

    @Test
    void shouldChangeWhenAFileGoesAway() throws IOException {
        Path file = Files.writeString(dir.resolve("one.yaml"), "x: 1\n");
        String before = InputFingerprint.of(List.of(file));

        Files.delete(file);

        assertThat(InputFingerprint.of(List.of(file))).isNotEqualTo(before);
    }
}
