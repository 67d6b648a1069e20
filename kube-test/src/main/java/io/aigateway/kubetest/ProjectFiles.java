package io.aigateway.kubetest;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository's files are, seen from a module's test run (whose working directory is the module). */
final class ProjectFiles {

    private static final String MARKER = "test-infra/kube/build.sh";

    private ProjectFiles() {
    }

    /** The repository root: the nearest directory, from the working directory up, that holds {@value #MARKER}. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve(MARKER))) {
                return dir;
            }
        }
        throw new IllegalStateException("no " + MARKER + " in " + Path.of("").toAbsolutePath() + " or a parent: "
                + "run the tests from within the repository");
    }

    static Path buildScript() {
        return root().resolve(MARKER);
    }
}
