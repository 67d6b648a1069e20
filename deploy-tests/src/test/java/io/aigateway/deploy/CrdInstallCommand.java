package io.aigateway.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one command the docs give to install and to upgrade the CRDs, run from the repository root. Server-side, so
 * no {@code last-applied-configuration} annotation holds a copy of each CRD; {@code --force-conflicts}, because CRDs
 * that {@code helm install} created belong to the field manager {@code helm}, and without it the upgrade fails
 * with a conflict on {@code .spec.versions} (CrdInstallIT shows both on the real API server).
 */
final class CrdInstallCommand {

    static final String DOCUMENTED = "kubectl apply --server-side --force-conflicts -f crds/";
    /** The repository, whose docs name the command and whose {@code crds/} it applies. */
    static final Path REPOSITORY = Path.of(System.getProperty("aigateway.repository.dir", "..")).toAbsolutePath()
            .normalize();

    private CrdInstallCommand() {
    }

    /** The documented command's kubectl arguments, with {@code crds/} replaced by {@code directory}. */
    static String[] kubectlArguments(Path directory) {
        List<String> words = new ArrayList<>(Arrays.asList(DOCUMENTED.split(" ")));
        words.remove(0);
        words.set(words.indexOf("crds/"), directory + "/");
        return words.toArray(String[]::new);
    }
}
