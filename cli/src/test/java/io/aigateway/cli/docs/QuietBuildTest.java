package io.aigateway.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The quickstart's first build prints no warning a user could take for an error: javac, as the module's pom sets
 * it up, on a classpath that holds JOSDK's annotation processor but no SLF4J provider (slf4j-simple is runtime
 * only), prints nothing. The processor used to print "No SLF4J providers were found" once per module.
 */
class QuietBuildTest {

    private static final Pattern PROC = Pattern.compile("<proc>(\\w+)</proc>");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"operator", "cli"})
    void shouldCompileWithoutWarningsFromAnnotationProcessors(String module) throws Exception {
        assertThat(ServiceLoader.load(Processor.class).stream().map(provider -> provider.type().getName()))
                .as("the processor on the classpath that printed the warnings")
                .contains("io.javaoperatorsdk.operator.config.runtime.ControllerConfigurationAnnotationProcessor");
        String compileClasspath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith("slf4j-simple"))
                .collect(Collectors.joining(File.pathSeparator));
        Path source = Files.writeString(dir.resolve("Probe.java"), "class Probe {}\n");

        List<String> javac = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "javac").toString(),
                "-d", dir.resolve("classes").toString(), "-cp", compileClasspath));
        Matcher proc = PROC.matcher(Files.readString(TestPaths.repository().resolve(module).resolve("pom.xml")));
        if (proc.find()) {
            javac.add("-proc:" + proc.group(1)); // what maven-compiler-plugin passes for <proc>
        }
        javac.add(source.toString());
        Path output = dir.resolve("javac.out");
        Process process = new ProcessBuilder(javac).redirectErrorStream(true).redirectOutput(output.toFile()).start();

        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("javac finished").isTrue();
        assertThat(process.exitValue()).isZero();
        assertThat(Files.readString(output, StandardCharsets.UTF_8)).isEmpty();
    }
}
