package io.aigateway.kubetest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The real kubectl, run against the local cluster. */
public final class Kubectl {

    private static final long TIMEOUT_SECONDS = 60;

    private Kubectl() {
    }

    /** What one kubectl run printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {

        /** The output, or a failure naming the command's error output when it did not exit 0. */
        public String successOutput() {
            if (exitCode != 0) {
                throw new AssertionError("kubectl exited " + exitCode + ": " + stderr);
            }
            return stdout;
        }
    }

    static Result run(Path kubectl, Path kubeconfig, List<String> args) {
        // Its discovery cache beside the cluster's files, not in ~/.kube/cache keyed by host and port: a later
        // cluster on the same port would otherwise start from this one's resources for up to 6 hours.
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", kubeconfig.resolveSibling("kubectl-cache").toString()));
        command.addAll(args);
        try {
            Path stdout = Files.createTempFile("kubectl", ".out");
            Path stderr = Files.createTempFile("kubectl", ".err");
            try {
                // Files, not pipes: a full pipe would block kubectl before it exits.
                Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile()).start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new AssertionError("kubectl " + String.join(" ", args) + " ran for more than "
                            + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run kubectl", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while kubectl ran", e);
        }
    }
}
