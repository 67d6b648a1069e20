package io.aigateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import io.aigateway.kubetest.ChartIdentity;
import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.kubetest.RenderedChart;
import io.aigateway.model.GatewayNames;
import io.aigateway.operator.AIGatewayOperator;
import io.aigateway.operator.OperatorSettings;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIKeySpec;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.LocalRef;
import io.aigateway.operator.api.v1alpha1.ProxySpec;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: the chart's RBAC against the operator's code, decided by the RBAC authorizer of a
 * {@link io.aigateway.kubetest.LocalKubernetes}. The operator runs as {@link AIGatewayOperator#main} configures it
 * from the environment the chart's Deployment gives it (server-side apply, leader election on the chart's Lease),
 * acting as the chart's ServiceAccount with exactly the RBAC the chart renders ({@link ChartIdentity}), through a
 * scenario that drives every reconciler and dependent. Its client records the status of every response, and none
 * may be a 403: the operator retries or reports a refused write, so the scenario's outcome alone would not show one.
 * Both modes of the chart run: all namespaces (a ClusterRole) and a namespace list (a Role in each).
 *
 * <p>The cluster serves every test class of this JVM. Each test deletes the chart's RBAC objects after it, since
 * both modes use the same names and a ClusterRoleBinding left by the defaults would grant the namespace-list run
 * what its Roles do not; that run also checks that its operator is refused outside its namespaces.
 */
class OperatorRbacIT {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    private static final String GATEWAY = "multi-provider";
    /** The namespace of a namespaced request's path: {@code /api/v1/namespaces/<ns>/...} or the same under /apis. */
    private static final Pattern NAMESPACED_PATH = Pattern.compile(
            "^/(?:api/v1|apis/[^/]+/[^/]+)/namespaces/([^/]+)/");

    private final Queue<Response> responses = new ConcurrentLinkedQueue<>();
    private final List<String> extraNamespaces = new ArrayList<>();
    /** The admin's client: what the test creates, reads and plays the missing controllers with. */
    private KubernetesClient client;
    private ChartIdentity identity;
    private KubernetesClient operatorClient;
    private Operator operator;

    @BeforeEach
    void applyCrds() {
        client = KUBE.admin();
        Crds.applyCommitted(client);
    }

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
        if (identity != null) {
            identity.uninstall(KUBE.cluster());
        }
        // The next test's operator would otherwise wait for this one's lease to expire.
        client.resources(Lease.class).inNamespace(RenderedChart.NAMESPACE).withName(OperatorSettings.LEASE_NAME)
                .delete();
        extraNamespaces.forEach(namespace -> client.namespaces().withName(namespace).delete());
    }

    @Test
    void shouldWorkWithTheChartsRbacWhenWatchingAllNamespaces() {
        // Objects of earlier tests in a namespace being deleted would be reconciled too, and the API server refuses
        // creating anything there with a 403 of its own (NamespaceLifecycle), which is no matter of RBAC.
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200))
                .until(() -> client.namespaces().list().getItems().stream()
                        .noneMatch(namespace -> "Terminating".equals(namespace.getStatus().getPhase())));
        startOperator("");

        runScenarioWithoutRefusals(KUBE.namespace());
    }

    @Test
    void shouldWorkWithTheChartsRbacWhenWatchingANamespaceList() {
        String watched = KUBE.namespace();
        String alsoWatched = createNamespace(watched + "-b");
        String unwatched = createNamespace(watched + "-other");
        createRoundRobinSample(unwatched);
        startOperator("watchNamespaces: [" + watched + ", " + alsoWatched + "]\n");

        runScenarioWithoutRefusals(watched);

        assertThat(responses.stream().map(Response::namespace).flatMap(Optional::stream).distinct())
                .as("namespaces of the operator's requests").isSubsetOf(watched, alsoWatched, RenderedChart.NAMESPACE);
        assertThat(client.resources(AIGateway.class).inNamespace(unwatched).withName(GATEWAY).get().getStatus())
                .as("the status of the gateway in the unwatched namespace").isNull();
        assertThat(client.apps().deployments().inNamespace(unwatched).list().getItems())
                .as("proxy Deployments in the unwatched namespace").isEmpty();
        // No grant but this run's own: the operator's ServiceAccount is refused where it does not watch.
        try (KubernetesClient asOperator = new KubernetesClientBuilder()
                .withConfig(identity.operatorConfig(KUBE.cluster())).build()) {
            assertThat(catchThrowable(() -> asOperator.resources(AIGateway.class).inNamespace(unwatched).list()))
                    .as("the operator's ServiceAccount listing gateways in the unwatched namespace")
                    .isInstanceOfSatisfying(KubernetesClientException.class,
                            refused -> assertThat(refused.getCode()).isEqualTo(403));
        }
    }

    /**
     * Installs the chart's identity for {@code values} and starts the operator as {@link AIGatewayOperator#main}
     * would with the environment of the chart's Deployment, waiting until it leads.
     */
    private void startOperator(String values) {
        identity = ChartIdentity.install(KUBE.cluster(), values);
        OperatorSettings settings = OperatorSettings.from(environment(identity.chart()));
        operatorClient = new KubernetesClientBuilder().withConfig(identity.operatorConfig(KUBE.cluster()))
                .withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("responses", new Interceptor() {
                    @Override
                    public void after(HttpRequest request, HttpResponse<?> response,
                            AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                        responses.add(new Response(request.method(), request.uri().getRawPath(), response.code()));
                    }
                })).build();
        // As in main: without leader election the operator leads from the start.
        AtomicBoolean leading = new AtomicBoolean(settings.leaseNamespace().isEmpty());
        operator = new Operator(overrider -> {
            overrider.withKubernetesClient(operatorClient).withCloseClientOnStop(false);
            // As OperatorSettings.leaderElection, except that stopping the test's operator must not exit the JVM.
            settings.leaseNamespace().ifPresent(leaseNamespace -> overrider.withLeaderElectionConfiguration(
                    LeaderElectionConfigurationBuilder.aLeaderElectionConfiguration(OperatorSettings.LEASE_NAME)
                            .withLeaseNamespace(leaseNamespace)
                            .withLeaderCallbacks(new LeaderCallbacks(() -> leading.set(true),
                                    () -> leading.set(false), leader -> { }))
                            .withExitOnStopLeading(false)
                            .build()));
        });
        AIGatewayOperator.registerAll(operator, Clock.systemUTC(), settings.watchedNamespaces(),
                settings.secretSelector(), settings.proxyImage());
        operator.start();
        eventually().untilTrue(leading);
    }

    /**
     * Drives every reconciler and dependent in {@code namespace}: the round-robin sample, a generated client key,
     * the proxy becoming available, changes to a rule, a Secret and the gateway, and deletions.
     */
    private void runScenario(String namespace) {
        createRoundRobinSample(namespace);
        var deployment = client.apps().deployments().inNamespace(namespace)
                .withName(GatewayNames.proxyName(GATEWAY));
        eventually().until(() -> deployment.get() != null);

        // No secretRef: the operator generates the key's Secret.
        AIKey generated = new AIKey();
        generated.getMetadata().setName("team-b");
        generated.setSpec(new AIKeySpec());
        generated.getSpec().setGatewayRef(new LocalRef(GATEWAY));
        client.resource(generated).inNamespace(namespace).create();
        eventually().until(() -> client.secrets().inNamespace(namespace)
                .withName(GatewayObjects.generatedKeySecretName("team-b")).get() != null);

        // No Deployment controller runs: the test reports the proxy's replicas available.
        deployment.editStatus(d -> {
            int replicas = d.getSpec().getReplicas();
            d.setStatus(new DeploymentStatusBuilder().withReplicas(replicas).withReadyReplicas(replicas)
                    .withAvailableReplicas(replicas).build());
            return d;
        });
        var gateway = client.resources(AIGateway.class).inNamespace(namespace).withName(GATEWAY);
        eventually().until(() -> gateway.get().getStatus() != null && gateway.get().getStatus().getConditions()
                .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));

        String revision = gateway.get().getStatus().getConfigRevision();
        editRacingTheOperator(client.resources(AIRule.class).inNamespace(namespace).withName("chat"), rule -> {
            rule.getSpec().setPath("/v2");
            return rule;
        });
        eventually().until(() -> !revision.equals(gateway.get().getStatus().getConfigRevision()));

        var credentials = client.secrets().inNamespace(namespace)
                .withName(GatewayNames.credentialsSecretName(GATEWAY));
        String credentialsVersion = credentials.get().getMetadata().getResourceVersion();
        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            // The API server merges stringData into data.
            secret.setStringData(Map.of("openai", "sk-rotated"));
            return secret;
        });
        eventually().until(() -> !credentialsVersion.equals(credentials.get().getMetadata().getResourceVersion()));

        editRacingTheOperator(gateway, edited -> {
            edited.getSpec().setProxy(new ProxySpec());
            edited.getSpec().getProxy().setReplicas(3);
            return edited;
        });
        eventually().until(() -> deployment.get().getSpec().getReplicas() == 3);

        client.resources(AIRule.class).inNamespace(namespace).withName("chat").delete();
        client.resources(AIKey.class).inNamespace(namespace).withName("team-a").delete();
        eventually().until(() -> gateway.get().getStatus().getRoutes() == 0);

        // The gateway's last effect: the keys of a deleted gateway report it missing.
        gateway.delete();
        var key = client.resources(AIKey.class).inNamespace(namespace).withName("team-b");
        eventually().until(() -> key.get().getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("ResolvedRefs") && c.getReason().equals("GatewayNotFound")));
    }

    /**
     * Runs the scenario, then fails on any 403 the operator received; also when the scenario stalls, since a
     * refused request is then the likelier cause.
     */
    private void runScenarioWithoutRefusals(String namespace) {
        try {
            runScenario(namespace);
        } catch (ConditionTimeoutException stalled) {
            assertNoResponseForbidden();
            throw stalled;
        }
        assertNoResponseForbidden();
    }

    private void assertNoResponseForbidden() {
        assertThat(responses.stream().filter(response -> response.code() == 403).map(Response::toString).distinct())
                .as("responses to the operator's requests the API server refused").isEmpty();
    }

    /** The round-robin sample (gateway, upstream, service, rule, a key and their Secrets) in {@code namespace}. */
    private void createRoundRobinSample(String namespace) {
        Path samples = Path.of(System.getProperty("aigateway.samples.dir", "../samples")).resolve("round-robin");
        for (String file : List.of("secrets.yaml", "gateway.yaml")) {
            try (InputStream in = Files.newInputStream(samples.resolve(file))) {
                for (HasMetadata resource : client.load(in).items()) {
                    client.resource(resource).inNamespace(namespace).create();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private String createNamespace(String name) {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build())
                .create();
        extraNamespaces.add(name);
        return name;
    }

    /** The environment of the chart's operator container, with fieldRefs resolved as the kubelet would. */
    private static Map<String, String> environment(RenderedChart chart) {
        List<EnvVar> env = chart.one(Deployment.class).orElseThrow().getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv();
        return env.stream().collect(Collectors.toMap(EnvVar::getName, var -> {
            if (var.getValueFrom() == null) {
                return var.getValue();
            }
            assertThat(var.getValueFrom().getFieldRef().getFieldPath()).isEqualTo("metadata.namespace");
            return RenderedChart.NAMESPACE;
        }));
    }

    /** Edits as {@code kubectl edit} would, again when a status write of the operator's came in between (409). */
    private static <T extends HasMetadata> void editRacingTheOperator(Resource<T> resource, UnaryOperator<T> change) {
        eventually().ignoreExceptionsMatching(e -> e instanceof KubernetesClientException k && k.getCode() == 409)
                .until(() -> resource.edit(change) != null);
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /** One response to the operator's client: {@code GET /api/v1/namespaces/shop/secrets -> 200}. */
    private record Response(String method, String path, int code) {

        /** The namespace the request was for; empty for a cluster-scoped request or one across namespaces. */
        Optional<String> namespace() {
            Matcher matcher = NAMESPACED_PATH.matcher(path);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + code;
        }
    }
}
