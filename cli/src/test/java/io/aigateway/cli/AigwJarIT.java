package io.aigateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar, run as {@code java -jar cli/target/aigw.jar}: its service files and logging work. */
class AigwJarIT {

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run java(String... args) throws IOException, InterruptedException {
        Path jar = Path.of(System.getProperty("aigw.jar", "target/aigw.jar"));
        assertThat(jar).isRegularFile();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("aigw finished").isTrue();
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void shouldValidateTheSamplesQuietly() throws Exception {
        List<String> command = new ArrayList<>(List.of("validate"));
        TestPaths.scenarios().forEach(scenario -> command.addAll(List.of("-f", scenario.toString())));
        Run run = java(command.toArray(String[]::new));

        assertThat(run.exit()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).matches("\\d+ resources valid\\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void shouldCompileASample() throws Exception {
        Run run = java("compile", "-f", TestPaths.samples().resolve("round-robin").toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("kind: \"ConfigMap\"", "kind: \"Secret\"", "routing.json");
        assertThat(run.err()).doesNotContain("SLF4J", "Exception");
    }
}
