package io.aigateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every kubectl command in the repository's docs (Markdown, shell scripts, the chart's NOTES.txt) that installs
 * CRDs is {@link CrdInstallCommand#DOCUMENTED}, word for word.
 */
class CrdInstallDocsTest {

    /** A kubectl command: to the end of its line (continuation lines joined), a backtick, a pipe or a ; or &&. */
    private static final Pattern KUBECTL = Pattern.compile("\\bkubectl\\s[^`|;&\\n]*");
    private static final Set<String> INSTALL_VERBS = Set.of("apply", "create", "replace");
    private static final Pattern CRDS_PATH = Pattern.compile("(^|[/=])crds(/|$)");
    private static final Set<String> SKIPPED_DIRECTORIES = Set.of("target", "node_modules", ".git", ".mvn");

    @Test
    void shouldGiveTheOneCrdCommandEverywhere() throws IOException {
        Map<String, List<String>> byFile = crdCommandsOfTheDocs();

        assertThat(byFile).as("the docs that tell how to install or upgrade the CRDs").containsKeys("README.md",
                "charts/ai-gateway-operator/README.md", "charts/ai-gateway-operator/templates/NOTES.txt");
        assertThat(byFile.entrySet().stream().flatMap(entry -> entry.getValue().stream()
                        .filter(command -> !command.equals(CrdInstallCommand.DOCUMENTED))
                        .map(command -> entry.getKey() + ": " + command)))
                .as("CRD commands other than %s", CrdInstallCommand.DOCUMENTED).isEmpty();
    }

    @Test
    void shouldFindEveryOtherFormOfCrdInstall() {
        assertThat(crdCommands("""
                To install only the CRDs: `kubectl apply -f crds/`.
                    kubectl create -f crds
                kubectl -n x apply --server-side -f charts/ai-gateway-operator/crds/ && helm upgrade ...
                kubectl replace \\
                  -f https://example.com/crds/aigateways.aigateway.io.yaml
                kubectl apply --filename=crds/
                kubectl apply --server-side --force-conflicts -f crds/
                """)).containsExactly("kubectl apply -f crds/", "kubectl create -f crds",
                "kubectl -n x apply --server-side -f charts/ai-gateway-operator/crds/",
                "kubectl replace -f https://example.com/crds/aigateways.aigateway.io.yaml",
                "kubectl apply --filename=crds/", CrdInstallCommand.DOCUMENTED);
    }

    @Test
    void shouldLeaveOtherKubectlCommandsAlone() {
        assertThat(crdCommands("""
                kubectl delete -f crds/
                kubectl -n ai-demo apply -f samples/round-robin/gateway.yaml
                kubectl apply --dry-run=server -f my-gateway.yaml
                do not `kubectl apply` the file; `kubectl get crds`
                """)).isEmpty();
    }

    private static Map<String, List<String>> crdCommandsOfTheDocs() throws IOException {
        Map<String, List<String>> byFile = new TreeMap<>();
        for (Path file : docs()) {
            List<String> commands = crdCommands(Files.readString(file));
            if (!commands.isEmpty()) {
                byFile.put(CrdInstallCommand.REPOSITORY.relativize(file).toString().replace('\\', '/'), commands);
            }
        }
        return byFile;
    }

    private static List<Path> docs() throws IOException {
        try (Stream<Path> files = Files.walk(CrdInstallCommand.REPOSITORY)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> CrdInstallCommand.REPOSITORY.relativize(file).getParent() == null
                            || !skipped(CrdInstallCommand.REPOSITORY.relativize(file).getParent()))
                    .filter(file -> file.getFileName().toString().matches(".*\\.(md|sh)|NOTES\\.txt"))
                    .sorted().toList();
        }
    }

    private static boolean skipped(Path directory) {
        for (Path name : directory) {
            if (SKIPPED_DIRECTORIES.contains(name.toString())) {
                return true;
            }
        }
        return false;
    }

    /** The CRD install commands of a text, whitespace collapsed. */
    static List<String> crdCommands(String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = KUBECTL.matcher(text.replaceAll("\\\\\\r?\\n", " "));
        while (matcher.find()) {
            String command = matcher.group().strip().replaceAll("\\s+", " ");
            List<String> words = List.of(command.split(" "));
            if (words.stream().anyMatch(INSTALL_VERBS::contains)
                    && words.stream().anyMatch(word -> CRDS_PATH.matcher(word).find())) {
                found.add(command);
            }
        }
        return found;
    }
}
