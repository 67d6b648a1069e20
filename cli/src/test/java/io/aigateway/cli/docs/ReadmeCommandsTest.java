package io.aigateway.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import io.aigateway.cli.docs.MarkdownBlocks.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command block of README.md is run by a named test (or by .ci/run), or says why it is not run here: a
 * README command nobody runs goes stale unnoticed.
 */
class ReadmeCommandsTest {

    private static final String RUN_BY = "run by ";
    private static final String NOT_RUN = "not run here: ";

    @Test
    void shouldRunOrMarkEveryCommandOfTheReadme() throws Exception {
        Path readme = TestPaths.repository().resolve("README.md");
        List<Block> blocks = MarkdownBlocks.of(readme);
        assertThat(blocks).filteredOn(Block::holdsCommands).isNotEmpty();

        assertThat(problems(blocks)).as("README.md's command blocks").isEmpty();
    }

    @Test
    void shouldRefuseUnmarkedBlocksAndRunnersThatDoNotRunThem(@TempDir Path dir) throws Exception {
        Path markdown = dir.resolve("README.md");
        Files.writeString(markdown, """
                ```
                curl http://127.0.0.1:8080/v1/models
                ```
                <!-- run by NoSuchIT -->
                ```sh
                ./quickstart.sh
                ```
                <!-- run by MarkdownLinksTest -->
                ```
                ./quickstart.sh
                ```
                <!-- run by .ci/run -->
                ```
                ./mvnw -B verify -Pother
                ```
                <!-- not run here: needs a cluster -->

                ```yaml
                kind: AIGateway
                ```
                """);

        assertThat(problems(MarkdownBlocks.of(markdown))).containsExactly(
                "line 1: no marker", "line 5: NoSuchIT is not a test here",
                "line 9: MarkdownLinksTest does not read its blocks with MarkdownBlocks.runBy",
                "line 13: .ci/run does not hold ./mvnw -B verify -Pother");
    }

    private static List<String> problems(List<Block> blocks) throws IOException {
        List<String> problems = new ArrayList<>();
        for (Block block : blocks) {
            if (!block.holdsCommands()) {
                continue;
            }
            String marker = block.marker() == null ? "" : block.marker();
            String at = "line " + block.line() + ": ";
            if (marker.startsWith(NOT_RUN) && !marker.substring(NOT_RUN.length()).isBlank()) {
                continue;
            }
            if (!marker.startsWith(RUN_BY)) {
                problems.add(at + "no marker");
                continue;
            }
            String runner = marker.substring(RUN_BY.length()).strip();
            if (runner.contains("/")) {
                String script = Files.readString(TestPaths.repository().resolve(runner));
                block.text().lines().filter(line -> !line.isBlank() && !script.contains(line.strip()))
                        .forEach(line -> problems.add(at + runner + " does not hold " + line.strip()));
                continue;
            }
            Path source = Path.of("src/test/java", MarkdownBlocks.class.getPackageName().replace('.', '/'),
                    runner + ".java");
            if (!Files.isRegularFile(source)) {
                problems.add(at + runner + " is not a test here");
            } else if (!Files.readString(source).contains("MarkdownBlocks.runBy(")) {
                problems.add(at + runner + " does not read its blocks with MarkdownBlocks.runBy");
            }
        }
        return problems;
    }
}
