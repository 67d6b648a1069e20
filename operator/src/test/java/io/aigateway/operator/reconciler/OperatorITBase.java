package io.aigateway.operator.reconciler;

import static org.awaitility.Awaitility.await;

import io.aigateway.operator.AIGatewayOperator;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.Condition;
import io.aigateway.operator.api.v1alpha1.ConditionedStatus;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Runs the operator, with every reconciler registered as {@link AIGatewayOperator#main} registers them, against
 * the Fabric8 mock API server in CRUD mode, or against the cluster KUBECONFIG points at when the system property
 * {@code aigateway.it.cluster} (or the environment variable {@code AIGATEWAY_IT_CLUSTER}) is true; the Maven
 * profile {@code cluster-it} sets it. On a cluster, every test gets a throwaway namespace, deleted afterwards, and
 * the CRDs generated into target/classes are applied (server-side) first and left installed.
 *
 * <p>The mock server has no schema validation, no garbage collection and no discovery, ignores set-based label
 * selectors, and answers server-side apply with 415: the operator is built without SSA there.
 */
public abstract class OperatorITBase {

    protected static final boolean CLUSTER = Boolean.getBoolean("aigateway.it.cluster")
            || Boolean.parseBoolean(System.getenv("AIGATEWAY_IT_CLUSTER"));

    /** The operator's default proxy image in these tests: a setting of the operator, passed to every Deployment. */
    protected static final String PROXY_IMAGE = "registry.example/aigw/proxy:it";
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "AIGateway", AIGateway.class,
            "AIUpstream", AIUpstream.class,
            "AIService", AIService.class,
            "AIRule", AIRule.class,
            "AIKey", AIKey.class,
            "Secret", Secret.class);

    /** The mock server logs every request through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    protected KubernetesClient client;
    protected String namespace;
    /** Finished reconciliations per resource, to know that a reconcile happened. */
    protected final ReconcileCounter reconciles = new ReconcileCounter();
    /** Status writes the client sent, per resource path; no-op writes do not show as new resourceVersions. */
    protected final StatusWriteCounter statusWrites = new StatusWriteCounter();

    private KubernetesMockServer server;
    private Operator operator;

    @BeforeEach
    void startOperator() {
        if (CLUSTER) {
            client = new KubernetesClientBuilder().withHttpClientBuilderConsumer(this::configureHttpClient).build();
            String name = "aigw-it-" + UUID.randomUUID().toString().substring(0, 8);
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name)
                    .endMetadata().build()).create();
            namespace = name;
        } else {
            server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    new KubernetesCrudDispatcher(), false);
            server.init();
            client = server.createClient(builder -> builder.withHttpClientBuilderConsumer(this::configureHttpClient));
            namespace = "test";
        }
        applyCrds();
        operator = new Operator(o -> {
            o.withKubernetesClient(client).withCloseClientOnStop(false).withMetrics(metrics());
            if (!CLUSTER) {
                o.withUseSSAToPatchPrimaryResource(false).withSSABasedCreateUpdateMatchForDependentResources(false);
            }
        });
        AIGatewayOperator.registerAll(operator, Clock.systemUTC(), Set.of(namespace), PROXY_IMAGE);
        operator.start();
    }

    private void configureHttpClient(HttpClient.Builder builder) {
        statusWrites.install(builder);
        intercept(builder);
    }

    /** Adds interceptors to the HTTP client the operator and the test share, to step into their requests. */
    protected void intercept(HttpClient.Builder builder) {
    }

    @AfterEach
    void stopOperator() {
        if (operator != null) {
            operator.stop();
        }
        if (CLUSTER) {
            if (namespace != null) {
                client.namespaces().withName(namespace).delete();
            }
            client.close();
        } else {
            client.close();
            server.destroy();
        }
    }

    /** What the operator records its metrics into; called once per test, before the operator starts. */
    protected Metrics metrics() {
        return reconciles;
    }

    /** The running operator. */
    protected Operator operator() {
        return operator;
    }

    /** Waits on a condition; generous, since a cluster is slower than the mock. */
    protected static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /** Waits until no reconcile has finished for half a second, so that a test starts from a steady state. */
    protected void awaitQuiet() {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(15)).during(Duration.ofMillis(500)).pollInterval(Duration.ofMillis(50))
                .until(() -> last.getAndSet(reconciles.total()) == reconciles.total());
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
     * Plays the Deployment controller, which the mock server lacks: once the gateway's proxy Deployment exists,
     * reports {@code available} of its replicas available and ready.
     */
    protected void setProxyAvailable(String gateway, int available) {
        var deployment = client.apps().deployments().inNamespace(namespace)
                .withName(GatewayObjects.proxyName(gateway));
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

    private void applyCrds() {
        Path dir = Path.of(System.getProperty("aigateway.crds.dir", "target/classes/META-INF/fabric8"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith("-v1.yml")).sorted().toList()) {
                CustomResourceDefinition crd = client.getKubernetesSerialization()
                        .unmarshal(Files.readString(file), CustomResourceDefinition.class);
                var crds = client.apiextensions().v1().customResourceDefinitions();
                if (CLUSTER) {
                    crds.resource(crd).forceConflicts().serverSideApply();
                    crds.withName(crd.getMetadata().getName()).waitUntilCondition(
                            c -> c != null && c.getStatus() != null && c.getStatus().getConditions().stream()
                                    .anyMatch(cond -> "Established".equals(cond.getType())
                                            && "True".equals(cond.getStatus())),
                            30, TimeUnit.SECONDS);
                } else {
                    crds.resource(crd).create();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the client's writes to status subresources, per resource path. */
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
