package io.aigateway.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * etcd, kube-apiserver, kube-controller-manager and kubectl, built from the official Go modules by
 * {@code test-infra/kube/build.sh} into a cache outside the tree (the first time only: later calls return at once).
 */
public record KubeBinaries(Path directory) {

    private static final Logger LOG = LoggerFactory.getLogger(KubeBinaries.class);

    public Path etcd() {
        return directory.resolve("etcd");
    }

    public Path kubeApiServer() {
        return directory.resolve("kube-apiserver");
    }

    public Path kubeControllerManager() {
        return directory.resolve("kube-controller-manager");
    }

    public Path kubectl() {
        return directory.resolve("kubectl");
    }

    /** Runs the build script (a no-op when the cache is warm) and returns where the binaries are. */
    static KubeBinaries build() {
        Path script = ProjectFiles.buildScript();
        LOG.info("building the Kubernetes test binaries with {} (minutes the first time, seconds afterwards)", script);
        try {
            Process process = new ProcessBuilder(List.of("bash", script.toString()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            int status = process.waitFor();
            if (status != 0) {
                // build.sh has printed why on stderr, e.g. that Go is missing and how to install it.
                throw new IllegalStateException(script + " failed with status " + status + "; its messages are "
                        + "above. The real API server tier needs Go to build Kubernetes from source.");
            }
            return new KubeBinaries(Path.of(out.lines().reduce((first, second) -> second).orElseThrow()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the Kubernetes test binaries", e);
        }
    }
}
