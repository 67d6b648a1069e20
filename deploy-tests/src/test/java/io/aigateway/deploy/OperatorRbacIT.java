package io.aigateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.kubetest.RenderedChart;
import io.aigateway.operator.AIGatewayOperator;
import io.aigateway.operator.OperatorSettings;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.ProxySpec;
import io.aigateway.operator.compiler.GatewayObjects;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRule;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceRuleBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectRulesReviewStatusBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The chart's RBAC against the code: the operator runs, configured by the environment the chart's Deployment gives
 * it, against the Fabric8 mock API server, through a scenario that drives every reconciler and dependent; every
 * request its client sends is recorded as the API server's authorizer would see it, and the chart's rules must
 * allow each. The rules the run never used are printed.
 *
 * <p>The mock answers server-side apply with 415, so the operator runs without it here, and writes what it creates
 * and updates with POST and PUT. Its default in a cluster, server-side apply, sends each of those writes as a PATCH
 * instead: every recorded create and update of a dependent or a status therefore also needs patch.
 */
class OperatorRbacIT {

    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "AIGateway", AIGateway.class, "AIUpstream", AIUpstream.class, "AIService", AIService.class,
            "AIRule", AIRule.class, "AIKey", AIKey.class, "Secret", Secret.class);

    /** What Kubernetes grants every authenticated user (system:basic-user, system:discovery and the like). */
    private static final List<String> KUBERNETES_DEFAULTS = List.of(
            "create authorization.k8s.io/selfsubjectrulesreviews",
            "create authorization.k8s.io/selfsubjectaccessreviews");

    /** The mock server logs every request through java.util.logging; held so the level sticks. */
    private static final java.util.logging.Logger MOCK_SERVER_LOG =
            java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");

    static {
        MOCK_SERVER_LOG.setLevel(java.util.logging.Level.WARNING);
    }

    private final Set<ApiCall> calls = ConcurrentHashMap.newKeySet();
    private final AtomicInteger callCount = new AtomicInteger();
    private KubernetesMockServer server;
    private KubernetesClient operatorClient;
    private KubernetesClient client;
    private Operator operator;

    @AfterEach
    void stop() {
        if (operator != null) {
            operator.stop();
        }
        if (operatorClient != null) {
            operatorClient.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.destroy();
        }
    }

    @Test
    void shouldAllowEveryCallTheOperatorMakesWhenWatchingAllNamespaces() throws IOException {
        ChartRbac rbac = runScenarioUnder("", "shop");

        assertEveryCallAllowed(rbac);
        System.out.println("Requests the operator made:\n  " + calls.stream().map(ApiCall::toString).distinct()
                .sorted().collect(Collectors.joining("\n  ")));
        System.out.println("Rules the chart grants (default values) that the operator never used:\n"
                + String.join("\n", unusedGrants(rbac)));
    }

    @Test
    void shouldAllowEveryCallTheOperatorMakesWhenWatchingANamespaceList() throws IOException {
        ChartRbac rbac = runScenarioUnder("watchNamespaces: [team-a, team-b]\n", "team-b");

        assertEveryCallAllowed(rbac);
        assertThat(calls).as("no request outside the watched namespaces and the release namespace")
                .filteredOn(ApiCall::isResourceRequest)
                .filteredOn(call -> !grantedByKubernetes(call))
                .extracting(ApiCall::namespace)
                .isSubsetOf("team-a", "team-b", RenderedChart.NAMESPACE);
    }

    /** Renders the chart with {@code values}, and runs the scenario in {@code namespace} under its RBAC. */
    private ChartRbac runScenarioUnder(String values, String namespace) throws IOException {
        RenderedChart chart = RenderedChart.render(values);
        ChartRbac rbac = ChartRbac.of(chart, RenderedChart.NAMESPACE, RenderedChart.RELEASE);
        runScenario(chart, rbac, namespace);
        return rbac;
    }

    private void assertEveryCallAllowed(ChartRbac rbac) {
        assertThat(calls).as("the scenario reached the API").isNotEmpty();
        List<String> denied = calls.stream()
                .filter(ApiCall::isResourceRequest)
                .flatMap(call -> Stream.concat(Stream.of(call), serverSideApplyEquivalent(call)))
                .filter(call -> !rbac.allows(call) && !grantedByKubernetes(call))
                .map(ApiCall::toString).distinct().sorted().toList();
        assertThat(denied).as("requests of the operator the chart's RBAC denies").isEmpty();
    }

    /**
     * With server-side apply, JOSDK creates and updates dependents and statuses with PATCH. The Lease (fabric8's
     * leader election) and the SelfSubjectRulesReview are plain creates and updates either way.
     */
    private static Stream<ApiCall> serverSideApplyEquivalent(ApiCall call) {
        boolean josdkWrite = !call.group().equals("coordination.k8s.io")
                && !call.group().equals("authorization.k8s.io");
        if (josdkWrite && (call.verb().equals("create") || call.verb().equals("update"))) {
            return Stream.of(new ApiCall("patch", call.group(), call.resource(), call.namespace(), call.name(), ""));
        }
        return Stream.empty();
    }

    private static boolean grantedByKubernetes(ApiCall call) {
        return KUBERNETES_DEFAULTS.contains(call.verb() + " " + call.group() + "/" + call.resource());
    }

    /** Each rule's verb on each resource that no recorded call (nor its server-side-apply form) used. */
    private List<String> unusedGrants(ChartRbac rbac) {
        List<ApiCall> used = calls.stream().filter(ApiCall::isResourceRequest)
                .flatMap(call -> Stream.concat(Stream.of(call), serverSideApplyEquivalent(call))).toList();
        List<String> unused = new ArrayList<>();
        for (ChartRbac.Grant grant : rbac.grants()) {
            PolicyRule rule = grant.rule();
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        ChartRbac.Grant single = new ChartRbac.Grant(grant.namespace(), new PolicyRule(
                                List.of(group), List.of(), rule.getResourceNames(), List.of(resource), List.of(verb)));
                        if (used.stream().noneMatch(single::allows)) {
                            unused.add("  " + verb + " " + (group.isEmpty() ? "" : group + "/") + resource
                                    + (grant.namespace().isEmpty() ? "" : " in " + grant.namespace()));
                        }
                    }
                }
            }
        }
        return unused;
    }

    /**
     * Starts the operator as the chart's Deployment would, in the release namespace, then drives every reconciler
     * and dependent in {@code namespace}: the round-robin sample, a generated client key, the proxy becoming
     * available, changes to a rule, a Secret and the gateway, and deletions.
     */
    private void runScenario(RenderedChart chart, ChartRbac rbac, String namespace) throws IOException {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new RulesReviewingDispatcher(rbac), false);
        server.init();
        client = server.createClient();
        operatorClient = server.createClient(builder -> builder.withHttpClientBuilderConsumer(http ->
                http.addOrReplaceInterceptor("api-calls", new Interceptor() {
                    @Override
                    public void before(BasicBuilder request, HttpRequest httpRequest, RequestTags tags) {
                        calls.add(ApiCall.of(httpRequest.method(), httpRequest.uri()));
                        callCount.incrementAndGet();
                    }
                })));
        applyCrds();

        OperatorSettings settings = OperatorSettings.from(environment(chart));
        AtomicBoolean leading = new AtomicBoolean();
        operator = new Operator(overrider -> {
            overrider.withKubernetesClient(operatorClient).withCloseClientOnStop(false)
                    .withUseSSAToPatchPrimaryResource(false)
                    .withSSABasedCreateUpdateMatchForDependentResources(false);
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
                settings.proxyImage());
        operator.start();
        eventually().untilTrue(leading);
        assertThat(client.resources(Lease.class).inNamespace(RenderedChart.NAMESPACE)
                .withName(OperatorSettings.LEASE_NAME).get()).as("the operator's Lease").isNotNull();

        Path samples = Path.of(System.getProperty("aigateway.samples.dir", "../samples")).resolve("round-robin");
        for (String file : List.of("secrets.yaml", "gateway.yaml")) {
            try (InputStream in = Files.newInputStream(samples.resolve(file))) {
                for (HasMetadata resource : client.load(in).items()) {
                    client.resource(resource).inNamespace(namespace).create();
                }
            }
        }
        String gateway = "multi-provider";
        String proxy = GatewayObjects.proxyName(gateway);
        var deployment = client.apps().deployments().inNamespace(namespace).withName(proxy);
        eventually().until(() -> deployment.get() != null);

        client.resource(typed("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIKey
                metadata: {name: team-b}
                spec:
                  gatewayRef: {name: multi-provider}
                """)).inNamespace(namespace).create();
        eventually().until(() -> client.secrets().inNamespace(namespace)
                .withName(GatewayObjects.generatedKeySecretName("team-b")).get() != null);

        deployment.editStatus(d -> {
            d.setStatus(new DeploymentStatusBuilder().withReplicas(2).withReadyReplicas(2).withAvailableReplicas(2)
                    .build());
            return d;
        });
        var gateways = client.resources(AIGateway.class).inNamespace(namespace).withName(gateway);
        eventually().until(() -> gateways.get().getStatus() != null && gateways.get().getStatus().getConditions()
                .stream().anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True")));

        String revision = gateways.get().getStatus().getConfigRevision();
        client.resources(AIRule.class).inNamespace(namespace).withName("chat").edit(rule -> {
            rule.getSpec().setPath("/v2");
            return rule;
        });
        eventually().until(() -> !revision.equals(gateways.get().getStatus().getConfigRevision()));

        var credentials = client.secrets().inNamespace(namespace)
                .withName(GatewayObjects.credentialsSecretName(gateway));
        String credentialsVersion = credentials.get().getMetadata().getResourceVersion();
        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            // The mock keeps stringData as sent (an API server would move it into data).
            Map<String, String> keys = new HashMap<>(secret.getStringData());
            keys.put("openai", "sk-rotated");
            secret.setStringData(keys);
            return secret;
        });
        eventually().until(() -> !credentialsVersion.equals(credentials.get().getMetadata().getResourceVersion()));

        gateways.edit(edited -> {
            edited.getSpec().setProxy(new ProxySpec());
            edited.getSpec().getProxy().setReplicas(3);
            return edited;
        });
        eventually().until(() -> deployment.get().getSpec().getReplicas() == 3);

        client.resources(AIRule.class).inNamespace(namespace).withName("chat").delete();
        client.resources(AIKey.class).inNamespace(namespace).withName("team-a").delete();
        eventually().until(() -> gateways.get().getStatus().getRoutes() == 0);
        gateways.delete();
        awaitNoNewCalls();
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

    private void applyCrds() throws IOException {
        try (Stream<Path> files = Files.list(RenderedChart.CHART.resolve("crds"))) {
            for (Path file : files.sorted().toList()) {
                client.apiextensions().v1().customResourceDefinitions().resource(RenderedChart.SERIALIZATION
                        .convertValue(RenderedChart.readDocument(file), CustomResourceDefinition.class)).create();
            }
        }
    }

    private HasMetadata typed(String yaml) {
        String kind = (String) RenderedChart.SERIALIZATION.unmarshal(yaml, Map.class).get("kind");
        return RenderedChart.SERIALIZATION.unmarshal(yaml, KINDS.get(kind));
    }

    /** Waits until the operator has sent nothing for a second: the scenario's last reconciles are done. */
    private void awaitNoNewCalls() {
        AtomicInteger last = new AtomicInteger(-1);
        await().atMost(Duration.ofSeconds(20)).during(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(100))
                .until(() -> last.getAndSet(callCount.get()) == callCount.get());
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50));
    }

    /**
     * The mock's CRUD store, plus the SelfSubjectRulesReview JOSDK sends before leader election: answered with the
     * chart's rules for the namespace asked about, as the API server would.
     */
    private static final class RulesReviewingDispatcher extends KubernetesCrudDispatcher {

        private final ChartRbac rbac;

        RulesReviewingDispatcher(ChartRbac rbac) {
            this.rbac = rbac;
        }

        @Override
        public MockResponse dispatch(RecordedRequest request) {
            if (request.getMethod().equals("POST") && request.getPath().endsWith("/selfsubjectrulesreviews")) {
                SelfSubjectRulesReview review = RenderedChart.SERIALIZATION.unmarshal(request.getUtf8Body(),
                        SelfSubjectRulesReview.class);
                List<ResourceRule> rules = rbac.rulesIn(review.getSpec().getNamespace()).stream()
                        .map(rule -> new ResourceRuleBuilder().withApiGroups(rule.getApiGroups())
                                .withResources(rule.getResources()).withVerbs(rule.getVerbs())
                                .withResourceNames(rule.getResourceNames()).build())
                        .toList();
                review.setStatus(new SubjectRulesReviewStatusBuilder().withResourceRules(rules)
                        .withIncomplete(false).build());
                return new MockResponse().setResponseCode(201)
                        .setBody(RenderedChart.SERIALIZATION.asJson(review));
            }
            return super.dispatch(request);
        }
    }
}
