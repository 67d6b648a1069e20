package io.aigateway.kubetest;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The CRDs as committed in {@code crds/}, installed the way the README says: server-side apply. */
public final class Crds {

    private Crds() {
    }

    /** The committed CRD files, sorted. */
    public static List<Path> files() {
        try (Stream<Path> files = Files.list(ProjectFiles.root().resolve("crds"))) {
            return files.filter(file -> file.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies every committed CRD (server-side, taking over fields another manager set) and waits until each is
     * Established; idempotent, so every test class may call it.
     */
    public static List<CustomResourceDefinition> applyCommitted(KubernetesClient admin) {
        var crds = admin.apiextensions().v1().customResourceDefinitions();
        List<CustomResourceDefinition> applied = files().stream().map(file -> {
            try (InputStream in = Files.newInputStream(file)) {
                return crds.load(in).item();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).map(crd -> crds.resource(crd).fieldManager("kubectl").forceConflicts().serverSideApply()).toList();
        for (CustomResourceDefinition crd : applied) {
            crds.withName(crd.getMetadata().getName()).waitUntilCondition(Crds::established, 30, TimeUnit.SECONDS);
        }
        return applied;
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }
}
