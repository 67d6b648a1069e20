package io.aigateway.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Directories of the repository the tests read, passed by the build (see cli/pom.xml). */
public final class TestPaths {

    private TestPaths() {
    }

    public static Path samples() {
        return existing("aigw.samples.dir", "../samples");
    }

    /** The scenarios of samples/: its folders with a gateway.yaml. samples/argocd holds Argo CD manifests instead. */
    public static List<Path> scenarios() throws IOException {
        try (Stream<Path> list = Files.list(samples())) {
            return list.filter(dir -> Files.isRegularFile(dir.resolve("gateway.yaml"))).sorted().toList();
        }
    }

    public static Path crds() {
        return existing("aigw.crds.dir", "../crds");
    }

    /** The repository's root: README.md, quickstart.sh, .ci/. */
    public static Path repository() {
        return existing("aigw.repository.dir", "..");
    }

    public static Path docs() {
        return existing("aigw.docs.dir", "../docs");
    }

    private static Path existing(String property, String fallback) {
        Path path = Path.of(System.getProperty(property, fallback)).toAbsolutePath().normalize();
        if (!Files.isDirectory(path)) {
            throw new IllegalStateException(path + " does not exist (system property " + property + ")");
        }
        return path;
    }
}
