package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real API server tier, opt-in (about 3 minutes; {@code -Daigateway.heap.it=true}, see docs/development.md): the
 * operator's heap with 10,000 Secrets of 8 KiB in its watched namespace. The operator runs in a JVM of its own with
 * {@code -Xmx256m} ({@link OperatorHeapProbe}), starts, and starts again (a full resync); it must fit, and the heap
 * it uses after a full GC is logged.
 */
@EnabledIfSystemProperty(named = "aigateway.heap.it", matches = "true")
class SecretCacheHeapIT {

    private static final Logger LOG = LoggerFactory.getLogger(SecretCacheHeapIT.class);

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    static final int SECRETS = Integer.getInteger("aigateway.heap.secrets", 10_000);
    static final int SECRET_BYTES = 8 * 1024;
    static final String MAX_HEAP = System.getProperty("aigateway.heap.xmx", "256m");
    /** The operator's secret label selector; the gateway's own Secrets carry it, the 10,000 others do not. */
    static final SecretSelector SELECTOR = SecretSelector.parse(System.getProperty("aigateway.heap.selector", ""));

    @Test
    void shouldRunWithTenThousandSecretsOf8KiBInAHeapOf256MiB() throws Exception {
        KubernetesClient client = KUBE.admin();
        String namespace = KUBE.namespace();
        Crds.applyCommitted(client);
        createSecrets(client, namespace);
        // A gateway whose provider Secret is one of many: the compile still finds it.
        for (HasMetadata resource : sample(client, "round-robin")) {
            if (resource instanceof Secret) {
                resource.getMetadata().setLabels(SELECTOR.labels());
            }
            client.resource(resource).inNamespace(namespace).create();
        }

        Path log = Files.createTempFile("operator-heap", ".log");
        ProcessBuilder command = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + MAX_HEAP, "-XX:+ExitOnOutOfMemoryError", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                OperatorHeapProbe.class.getName(), namespace, "PT20S", SELECTOR.description().orElse("")))
                .redirectErrorStream(true).redirectOutput(log.toFile());
        command.environment().put("KUBECONFIG", KUBE.cluster().kubeconfig().toString());
        Process probe = command.start();
        boolean exited = probe.waitFor(5, TimeUnit.MINUTES);
        String output = Files.readString(log);
        if (!exited) {
            probe.destroyForcibly();
        }
        List<String> heap = output.lines().filter(line -> line.startsWith("HEAP ")).toList();
        heap.forEach(line -> LOG.info("{} Secrets of {} bytes, -Xmx{}, {}: {}", SECRETS, SECRET_BYTES, MAX_HEAP,
                SELECTOR.description().map(labels -> "reading only Secrets labelled " + labels)
                        .orElse("reading every Secret"), line));
        assertThat(exited).as("the probe finished; its output:%n%s", output).isTrue();
        assertThat(probe.exitValue()).as("the probe's exit; its output:%n%s", output).isZero();
        assertThat(heap).as(output).hasSize(2);
        assertThat(client.resources(AIGateway.class).inNamespace(namespace).withName("multi-provider").get()
                .getStatus().getConditions()).anySatisfy(condition -> {
                    assertThat(condition.getType()).isEqualTo("ResolvedRefs");
                    assertThat(condition.getStatus()).isEqualTo("True");
                });
    }

    private static void createSecrets(KubernetesClient client, String namespace) throws Exception {
        Random random = new Random(42);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < SECRETS; i++) {
                byte[] value = new byte[SECRET_BYTES];
                random.nextBytes(value);
                String name = "bulk-" + i;
                created.add(pool.submit(() -> client.secrets().inNamespace(namespace).resource(new SecretBuilder()
                        .withNewMetadata().withName(name).endMetadata()
                        .addToData("value", Base64.getEncoder().encodeToString(value)).build()).create()));
            }
            for (Future<?> future : created) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static List<HasMetadata> sample(KubernetesClient client, String directory) throws IOException {
        List<HasMetadata> resources = new ArrayList<>();
        Path dir = Path.of(System.getProperty("aigateway.samples.dir", "../samples")).resolve(directory);
        try (var files = Files.list(dir)) {
            for (Path file : files.sorted().toList()) {
                resources.addAll(client.load(Files.newInputStream(file)).items());
            }
        }
        return resources;
    }
}
