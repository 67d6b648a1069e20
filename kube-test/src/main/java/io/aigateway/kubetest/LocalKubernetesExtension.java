package io.aigateway.kubetest;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real API server tier for a test class: one {@link LocalKubernetes} per test JVM (started by the first class
 * that needs it, stopped when the test run ends, also when tests fail), and a fresh namespace per test, deleted
 * after it.
 *
 * <pre>
 * &#64;RegisterExtension
 * static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();
 * </pre>
 *
 * <p>A machine without Go fails here, with the message of {@code test-infra/kube/build.sh} saying what to install;
 * the tests are never skipped.
 */
public final class LocalKubernetesExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback {

    private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(
            LocalKubernetesExtension.class);
    private static final int MAX_PREFIX = 40;

    private LocalKubernetes cluster;
    private String namespace;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store outlives every class, and closes what it holds when the whole run ends.
        cluster = context.getRoot().getStore(STORE).computeIfAbsent(LocalKubernetes.class,
                type -> LocalKubernetes.start(Path.of(System.getProperty("aigateway.kube.workdir",
                        "target/kube-cluster"))), LocalKubernetes.class);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        String prefix = context.getRequiredTestClass().getSimpleName().toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9]", "");
        namespace = prefix.substring(0, Math.min(prefix.length(), MAX_PREFIX)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        cluster.admin().namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace)
                .endMetadata().build()).create();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        // The namespace controller deletes its content in the background; the next test has its own.
        if (namespace != null) {
            cluster.admin().namespaces().withName(namespace).delete();
            namespace = null;
        }
    }

    /** The running cluster. */
    public LocalKubernetes cluster() {
        return cluster;
    }

    /** The admin client (do not close it). */
    public KubernetesClient admin() {
        return cluster.admin();
    }

    /** The current test's namespace, created before it and deleted after it. */
    public String namespace() {
        return namespace;
    }
}
