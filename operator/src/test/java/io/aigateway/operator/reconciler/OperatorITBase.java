package io.aigateway.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.aigateway.kubetest.ChartIdentity;
import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.LocalKubernetes;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.GatewayNames;
import io.aigateway.operator.AIGatewayOperator;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: runs the operator, with every reconciler registered as {@link AIGatewayOperator#main}
 * registers them and in its production configuration (server-side apply on), against a {@link LocalKubernetes}
 * (etcd, kube-apiserver and kube-controller-manager built from the official sources). The CRDs are those committed
 * in {@code crds/}; the operator acts as the chart's ServiceAccount with the RBAC the chart renders for a namespace
 * list holding the test's namespace, so a right the chart lacks fails the test with the server's 403. Each test
 * gets a fresh namespace; the test itself acts as the cluster's admin ({@link #client}).
 *
 * <p>Nothing runs the proxy's pods: no kubelet, and no Deployment controller, so tests report a Deployment's
 * available replicas themselves ({@link #setProxyAvailable}).
 */
public abstract class OperatorITBase {

    @RegisterExtension
    protected static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    /** The operator's default proxy image in these tests: a setting of the operator, passed to every Deployment. */
    protected static final String PROXY_IMAGE = "registry.example/aigw/proxy:it";
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "AIGateway", AIGateway.class,
            "AIUpstream", AIUpstream.class,
            "AIService", AIService.class,
            "AIRule", AIRule.class,
            "AIKey", AIKey.class,
            "Secret", Secret.class);

    /** The admin's client: what the test creates, reads and plays the missing controllers with. */
    protected KubernetesClient client;
    protected String namespace;
    /** Finished reconciliations per resource, to know that a reconcile happened. */
    protected final ReconcileCounter reconciles = new ReconcileCounter();
    /** Status writes the operator sent, per resource path, whatever their verb. */
    protected final StatusWriteCounter statusWrites = new StatusWriteCounter();

    private KubernetesClient operatorClient;
    private Operator operator;

    @BeforeEach
    void startOperator() {
        client = KUBE.admin();
        namespace = KUBE.namespace();
        Crds.applyCommitted(client);
        ChartIdentity identity = ChartIdentity.install(KUBE.cluster(), "watchNamespaces: [" + namespace + "]\n");
        operatorClient = new KubernetesClientBuilder().withConfig(identity.operatorConfig(KUBE.cluster()))
                .withHttpClientBuilderConsumer(this::configureHttpClient).build();
        operator = new Operator(o -> o.withKubernetesClient(operatorClient).withCloseClientOnStop(false)
                .withMetrics(metrics()));
        AIGatewayOperator.registerAll(operator, Clock.systemUTC(), Set.of(namespace), secretSelector(),
                PROXY_IMAGE);
        operator.start();
    }

    private void configureHttpClient(HttpClient.Builder builder) {
        statusWrites.install(builder);
        intercept(builder);
    }

    /** Adds interceptors to the operator's HTTP client, to step into its requests. */
    protected void intercept(HttpClient.Builder builder) {
    }

    @AfterEach
    void stopOperator() {
        if (operator != null) {
            operator.stop();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
    }

    /** The Secrets the operator reads: all, unless a test narrows them. */
    protected SecretSelector secretSelector() {
        return SecretSelector.ALL;
    }

    /** What the operator records its metrics into; called once per test, before the operator starts. */
    protected Metrics metrics() {
        return reconciles;
    }

    /** The running operator. */
    protected Operator operator() {
        return operator;
    }

    /** Waits on a condition. */
    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /** Waits until no reconcile has finished for half a second, so that a test starts from a steady state. */
    protected void awaitQuiet() {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(15)).during(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(50))
                .until(() -> last.getAndSet(reconciles.total()) == reconciles.total());
    }

    /**
     * Changes one resource of the test namespace as {@code kubectl edit} would, again on its newest version when a
     * status write of the operator's came in between (409 Conflict): {@code change} may run more than once.
     */
    protected <T extends HasMetadata> void edit(Class<T> type, String name, UnaryOperator<T> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.resources(type).inNamespace(namespace).withName(name).edit(change);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Creates every resource of a directory under samples/, in the test namespace. */
    protected List<HasMetadata> applySample(String directory) {
        List<HasMetadata> created = new ArrayList<>();
        for (HasMetadata resource : loadSample(directory)) {
            created.add(create(resource));
        }
        return created;
    }

    protected <R extends HasMetadata> R create(R resource) {
        resource.getMetadata().setNamespace(namespace);
        return client.resource(resource).inNamespace(namespace).create();
    }

    /** The resources of a directory under samples/, typed, in file order. */
    protected List<HasMetadata> loadSample(String directory) {
        Path dir = Path.of(System.getProperty("aigateway.samples.dir", "../samples")).resolve(directory);
        List<HasMetadata> resources = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                resources.addAll(parse(Files.readString(file)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resources;
    }

    /** Typed resources from YAML documents separated by {@code ---}. */
    protected List<HasMetadata> parse(String yaml) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String document : yaml.split("(?m)^---\\s*$")) {
            if (document.lines().allMatch(line -> line.isBlank() || line.strip().startsWith("#"))) {
                continue;
            }
            String kind = client.getKubernetesSerialization()
                    .unmarshal(document, GenericKubernetesResource.class).getKind();
            Class<? extends HasMetadata> type = KINDS.get(kind);
            if (type == null) {
                throw new IllegalStateException("the tests do not know the kind " + kind);
            }
            resources.add(client.getKubernetesSerialization().unmarshal(document, type));
        }
        return resources;
    }

    /** Creates the resources of YAML documents in the test namespace. */
    protected List<HasMetadata> apply(String yaml) {
        return parse(yaml).stream().map(this::create).toList();
    }

    protected <R extends HasMetadata> R get(Class<R> type, String name) {
        return client.resources(type).inNamespace(namespace).withName(name).get();
    }

    /**
     * Plays the Deployment controller, which this cluster does not run: once the gateway's proxy Deployment exists,
     * reports {@code available} of its replicas available and ready.
     */
    protected void setProxyAvailable(String gateway, int available) {
        var deployment = client.apps().deployments().inNamespace(namespace)
                .withName(GatewayNames.proxyName(gateway));
        eventually().until(() -> deployment.get() != null);
        deployment.editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(d.getSpec().getReplicas())
                    .withReadyReplicas(available).withAvailableReplicas(available).build());
            return d;
        });
    }

    /** The resource's conditions by type; empty while it has no status. */
    protected <R extends CustomResource<?, ? extends ConditionedStatus>> Map<String, Condition> conditions(
            Class<R> type, String name) {
        R resource = get(type, name);
        Map<String, Condition> byType = new HashMap<>();
        if (resource != null && resource.getStatus() != null) {
            resource.getStatus().getConditions().forEach(c -> byType.put(c.getType(), c));
        }
        return byType;
    }

    /** {@code Accepted=True ResolvedRefs=False(ServiceNotFound)}, for readable assertions. */
    protected <R extends CustomResource<?, ? extends ConditionedStatus>> String summary(Class<R> type, String name) {
        R resource = get(type, name);
        return resource == null || resource.getStatus() == null ? "" : StatusUpdates.summary(resource.getStatus());
    }

    /** Counts the operator's writes to status subresources, per resource path. */
    protected static final class StatusWriteCounter implements Interceptor {

        private final Map<String, AtomicInteger> writes = new ConcurrentHashMap<>();

        void install(HttpClient.Builder builder) {
            builder.addOrReplaceInterceptor("status-write-counter", this);
        }

        @Override
        public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
            String path = request.uri().getPath();
            if (path.endsWith("/status") && !"GET".equals(request.method())) {
                writes.computeIfAbsent(path.substring(0, path.length() - "/status".length()),
                        p -> new AtomicInteger()).incrementAndGet();
            }
        }

        public int total() {
            return writes.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        /** Status writes so far per resource path: an assertion on it names the resource written. */
        public Map<String, Integer> byResource() {
            Map<String, Integer> counts = new TreeMap<>();
            writes.forEach((path, count) -> counts.put(path, count.get()));
            return counts;
        }
    }

    /** Counts finished reconciliations per resource. */
    protected static final class ReconcileCounter implements Metrics {

        private final Map<String, AtomicInteger> finished = new ConcurrentHashMap<>();

        @Override
        public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
            finished.computeIfAbsent(key(resource.getKind(), resource.getMetadata().getNamespace(),
                    resource.getMetadata().getName()), k -> new AtomicInteger()).incrementAndGet();
        }

        public int of(Class<? extends HasMetadata> type, String namespace, String name) {
            AtomicInteger count = finished.get(key(HasMetadata.getKind(type), namespace, name));
            return count == null ? 0 : count.get();
        }

        public int total() {
            return finished.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private static String key(String kind, String namespace, String name) {
            return kind + " " + namespace + "/" + name;
        }
    }
}
