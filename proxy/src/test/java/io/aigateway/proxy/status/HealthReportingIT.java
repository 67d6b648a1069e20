package io.aigateway.proxy.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.kubetest.Crds;
import io.aigateway.kubetest.LocalKubernetes;
import io.aigateway.kubetest.LocalKubernetesExtension;
import io.aigateway.model.ActiveHealthCheck;
import io.aigateway.model.Algorithm;
import io.aigateway.model.GatewayNames;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.RateLimit;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.config.KubernetesConfigSource;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.ProxyIdentity;
import io.aigateway.proxy.support.TwoUpstreams;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Real API server tier: two proxy replicas in one process, each with its own client, config source and reporter,
 * report the health of the targets {@code a} and {@code b} of the AIUpstream {@code u} into its status on a
 * {@link LocalKubernetes}. They act as the proxy's ServiceAccount with the Role the operator builds for it, so the
 * API server's authorizer decides whether that Role lets them read their config and write the health; and the
 * server's optimistic locking decides when a write conflicts.
 */
class HealthReportingIT extends TwoUpstreams {

    @RegisterExtension
    static final LocalKubernetesExtension KUBE = new LocalKubernetesExtension();

    private static final String GATEWAY = "gw";
    private static final String UPSTREAM = "u";
    /**
     * Two failures take a target out; a trial is due a second later. Probed every second: the fakes answer any GET
     * as they answer requests.
     */
    private static final HealthChecks QUICK = new HealthChecks(true, 2, 1).withActive(
            new ActiveHealthCheck(1, 1, null, 200));
    private static final HealthReporter.Settings NO_RENEWAL = new HealthReporter.Settings(Duration.ofMillis(100),
            Duration.ofMinutes(10), Duration.ofMinutes(30), 5);
    private static final HealthReporter.Settings SHORT_LIVED = new HealthReporter.Settings(Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), 5);

    /** The admin's client: the test, and the operator's writes. */
    private KubernetesClient admin;
    private String namespace;
    private ProxyIdentity proxyIdentity;
    /** When set, the operator writes the status between a reporter's read and its next patch. */
    private final AtomicBoolean operatorWriteBeforeNextPatch = new AtomicBoolean();

    private final ObjectMapper json = new ObjectMapper();
    private final List<HealthReporter> reporters = new ArrayList<>();
    private ProxyHarness h2;
    private final List<KubernetesClient> replicaClients = new ArrayList<>();

    @BeforeEach
    void createRoutingConfigAndProxyIdentity() {
        admin = KUBE.admin();
        namespace = KUBE.namespace();
        Crds.applyCommitted(admin);
        RoutingConfig config = Configs.simple(Configs.upstream(UPSTREAM, Algorithm.ROUND_ROBIN, QUICK,
                Configs.TIMEOUTS, 2, Configs.target("a", a.port()), Configs.target("b", b.port())));
        admin.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
                .withNewMetadata().withName(GatewayNames.routingConfigMapName(GATEWAY)).endMetadata()
                .addToData(RoutingConfigJson.CONFIG_MAP_KEY, Configs.json(config)).build()).create();
        proxyIdentity = ProxyIdentity.install(KUBE.cluster(), namespace, GATEWAY, List.of(UPSTREAM));
    }

    @AfterEach
    void stopReporters() throws Exception {
        reporters.forEach(HealthReporter::close);
        if (h2 != null) {
            h2.close();
        }
        replicaClients.forEach(KubernetesClient::close);
    }

    @Test
    void shouldReportAFailingTargetFromBothReplicasAndItsRecoveryWithoutTouchingTheOperatorsFields() throws Exception {
        createAIUpstream();
        startProxies(NO_RENEWAL);
        eventually().untilAsserted(() -> {
            assertThat(replicaNames()).containsExactly("gw-a", "gw-b");
            assertThat(printerColumn("Healthy")).isEqualTo("2/2");
        });

        // Nothing flips: no write, whatever the number of polls.
        String version = upstream().get().getMetadata().getResourceVersion();
        long writes = writes();
        long polls = reporters.get(1).polls();
        eventually().until(() -> reporters.get(0).polls() > polls + 5 && reporters.get(1).polls() > polls + 5);
        assertThat(writes()).isEqualTo(writes);
        assertThat(upstream().get().getMetadata().getResourceVersion()).isEqualTo(version);

        a.behave(FakeUpstream.status(500));
        driveUntil(h, false);
        driveUntil(h2, false);
        eventually().untilAsserted(() -> {
            JsonNode status = status();
            for (String replica : List.of("gw-a", "gw-b")) {
                JsonNode view = replicaView(status, replica, "a");
                assertThat(view.get("healthy").asBoolean()).as(replica).isFalse();
                assertThat(view.get("reason").asText()).isEqualTo("500");
                assertThat(view.get("consecutiveFailures").asInt()).isGreaterThanOrEqualTo(2);
                assertThat(view.get("lastTransitionTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
                assertThat(view.get("breaker").asText()).isIn("open", "half-open");
                assertThat(replicaView(status, replica, "b").get("healthy").asBoolean()).isTrue();
                assertThat(replicaView(status, replica, "b").get("breaker").asText()).isEqualTo("closed");
            }
            // Compared as JSON: the API server stores an object's fields in its own order.
            assertThat(aggregate(status, "a")).isEqualTo(json.readTree(
                    "{\"name\":\"a\",\"healthy\":false,\"unhealthyReplicas\":2,\"reportingReplicas\":2,"
                            + "\"reason\":\"500\"}"));
            assertThat(printerColumn("Healthy")).isEqualTo("1/2");
        });

        a.behave(a.ok());
        driveUntil(h, true);
        driveUntil(h2, true);
        eventually().untilAsserted(() -> {
            assertThat(printerColumn("Healthy")).isEqualTo("2/2");
            assertThat(replicaView(status(), "gw-a", "a").get("healthy").asBoolean()).isTrue();
            assertThat(replicaView(status(), "gw-b", "a").get("healthy").asBoolean()).isTrue();
            JsonNode check = replicaView(status(), "gw-a", "b").get("lastActiveCheck");
            assertThat(check.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            assertThat(check.get("latencyMillis").asLong()).isNotNegative();
            assertThat(check.has("error")).as("passed").isFalse();
        });
        assertThat(status().at("/conditions/0/type").asText()).as("the operator's condition").isEqualTo("Accepted");
        assertThat(status().get("observedGeneration").asLong()).isEqualTo(1L);
        // As the server tracks them: the proxies' two fields are theirs alone, the conditions never theirs.
        assertThat(statusFieldManagers("health")).containsExactly(HealthReporter.FIELD_MANAGER);
        assertThat(statusFieldManagers("healthy")).containsExactly(HealthReporter.FIELD_MANAGER);
        assertThat(statusFieldManagers("conditions")).isNotEmpty().doesNotContain(HealthReporter.FIELD_MANAGER);
    }

    @Test
    void shouldKeepAStoppedReplicasEntryForTheOperatorToExpireWhileTheOtherRenewsItsOwn() throws Exception {
        createAIUpstream();
        startProxies(SHORT_LIVED);
        a.behave(FakeUpstream.status(500));
        // Only gw-b sees a fail: one of two replicas is no majority.
        driveUntil(h2, false);
        eventually().untilAsserted(() -> {
            assertThat(aggregate(status(), "a").get("unhealthyReplicas").asInt()).isEqualTo(1);
            assertThat(aggregate(status(), "a").get("reportingReplicas").asInt()).isEqualTo(2);
            assertThat(printerColumn("Healthy")).isEqualTo("2/2");
        });

        reporters.get(0).close();
        JsonNode stopped = named(status().path("health").path("replicas"), "gw-a");
        String renewedBefore = named(status().path("health").path("replicas"), "gw-b").get("lastReportTime")
                .asText();

        // gw-b renews (its only upstream is its oldest entry); only the operator, which sees every upstream, can
        // tell gw-a wrote nowhere since, so gw-b keeps gw-a's entry as it is and counts it.
        eventually().untilAsserted(() -> assertThat(named(status().path("health").path("replicas"), "gw-b")
                .get("lastReportTime").asText()).isNotEqualTo(renewedBefore));
        assertThat(named(status().path("health").path("replicas"), "gw-a")).isEqualTo(stopped);
        assertThat(aggregate(status(), "a").get("reportingReplicas").asInt()).isEqualTo(2);
        assertThat(status().at("/conditions/0/type").asText()).isEqualTo("Accepted");
    }

    @Test
    void shouldReportEveryEntryAgainWhenARenewalFindsItsEntryDropped() throws Exception {
        createAIUpstream();
        startProxies(SHORT_LIVED);
        eventually().untilAsserted(() -> assertThat(replicaNames()).containsExactly("gw-a", "gw-b"));

        // As the operator drops the entries of replicas it takes for gone.
        upstream().subresource("status").patch(PatchContext.of(PatchType.JSON),
                "[{\"op\": \"remove\", \"path\": \"/status/health\"}, "
                        + "{\"op\": \"remove\", \"path\": \"/status/healthy\"}]");

        eventually().untilAsserted(() -> {
            assertThat(replicaNames()).containsExactly("gw-a", "gw-b");
            assertThat(printerColumn("Healthy")).isEqualTo("2/2");
        });
    }

    @Test
    void shouldRetryAWriteThatConflictsWithTheOperatorsAndKeepBoth() throws Exception {
        createAIUpstream();
        operatorWriteBeforeNextPatch.set(true);

        startProxies(NO_RENEWAL);

        // Only gw-a's entry is awaited: the operator's write is made from inside gw-a's request interceptor.
        eventually().untilAsserted(() -> assertThat(replicaNames()).contains("gw-a"));
        // The server refused gw-a's first write, which carried the resourceVersion read before the operator's (and
        // either replica's may conflict with the other's).
        assertThat(reporters.get(0).conflicts()).isPositive();
        assertThat(status().at("/conditions/1/type").asText()).isEqualTo("ResolvedRefs");
        assertThat(status().at("/conditions/0/type").asText()).isEqualTo("Accepted");
    }

    @Test
    void shouldSkipAMissingAIUpstreamAndReportOnceItExists() throws Exception {
        startProxies(SHORT_LIVED);
        eventually().until(() -> reporters.get(0).polls() > 5 && reporters.get(1).polls() > 5);
        assertThat(writes()).isZero();

        createAIUpstream();

        eventually().untilAsserted(() -> assertThat(replicaNames()).containsExactly("gw-a", "gw-b"));
    }

    @Test
    void shouldReportTheLatencyALowestLatencyUpstreamRoutesByWithTheRenewals() throws Exception {
        serve(Configs.upstream(UPSTREAM, Algorithm.LOWEST_LATENCY, QUICK, Configs.TIMEOUTS, 2,
                Configs.target("a", a.port()), Configs.target("b", b.port())));
        createAIUpstream();
        startProxies(SHORT_LIVED);
        eventually().untilAsserted(() -> assertThat(replicaNames()).containsExactly("gw-a", "gw-b"));
        assertThat(replicaView(status(), "gw-a", "a").has("latencyMillis")).as("no answer yet").isFalse();

        for (int i = 0; i < 6; i++) {
            assertThat(h.chat("gpt-4o").statusCode()).isEqualTo(200);
        }

        eventually().untilAsserted(() -> {
            JsonNode status = status();
            assertThat(replicaView(status, "gw-a", "a").path("latencyMillis").asLong()).isPositive();
            assertThat(replicaView(status, "gw-a", "b").path("latencyMillis").asLong()).isPositive();
            assertThat(replicaView(status, "gw-b", "a").has("latencyMillis")).as("gw-b sent nothing").isFalse();
        });
    }

    @Test
    void shouldReportTheRoomEachReplicaSeesUnderATargetsLimits() throws Exception {
        Target limited = Configs.withRateLimit(Configs.target("a", a.port()), new RateLimit(100, null, 4));
        serve(Configs.upstream(UPSTREAM, Algorithm.ROUND_ROBIN, QUICK, Configs.TIMEOUTS, 2, limited,
                Configs.target("b", b.port())));
        createAIUpstream();
        startProxies(SHORT_LIVED);

        eventually().until(() -> {
            h.chat("gpt-4o");
            // POSTs only: the fakes are probed too.
            return a.received().stream().filter(r -> r.method().equals("POST")).count() == 1;
        });

        eventually().untilAsserted(() -> {
            JsonNode status = status();
            assertThat(replicaView(status, "gw-a", "a").path("limits").path("requestsLeft").asInt())
                    .as("gw-a sent a one request").isEqualTo(99);
            assertThat(replicaView(status, "gw-a", "a").path("limits").path("concurrentLeft").asInt()).isEqualTo(4);
            assertThat(replicaView(status, "gw-b", "a").path("limits").path("requestsLeft").asInt())
                    .as("counted per replica").isEqualTo(100);
            assertThat(replicaView(status, "gw-a", "b").has("limits")).as("b has no limits").isFalse();
        });
    }

    /** The gateway's routing config serves this upstream instead of the round-robin one set up before each test. */
    private void serve(Upstream upstream) {
        admin.configMaps().inNamespace(namespace).withName(GatewayNames.routingConfigMapName(GATEWAY))
                .edit(cm -> new ConfigMapBuilder(cm).addToData(RoutingConfigJson.CONFIG_MAP_KEY,
                        Configs.json(Configs.simple(upstream))).build());
    }

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }

    /** The AIUpstream {@code u} with a condition of the operator's in its status. */
    private void createAIUpstream() {
        GenericKubernetesResource upstream = admin.getKubernetesSerialization().unmarshal("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata: {name: u}
                spec:
                  algorithm: round-robin
                  targets:
                    - {name: a, provider: openai}
                    - {name: b, provider: openai}
                """, GenericKubernetesResource.class);
        GenericKubernetesResource created = upstreams().resource(upstream).create();
        created.setAdditionalProperty("status", Map.of("observedGeneration", 1, "targetCount", 2,
                "conditions", List.of(Map.of("type", "Accepted", "status", "True", "reason", "Accepted"))));
        upstreams().resource(created).updateStatus();
    }

    /**
     * A status write of the operator's: one more condition. A JSON patch without a resourceVersion, so that the
     * server applies it whatever a replica wrote since (a locked write would fail with its own 409 then).
     */
    private void addOperatorCondition(String type) {
        upstream().subresource("status").patch(PatchContext.of(PatchType.JSON), json.createArrayNode().add(
                json.createObjectNode().put("op", "add").put("path", "/status/conditions/-").set("value",
                        json.valueToTree(Map.of("type", type, "status", "True", "reason", type)))).toString());
    }

    private NonNamespaceOperation<GenericKubernetesResource, GenericKubernetesResourceList,
            Resource<GenericKubernetesResource>> upstreams() {
        return admin.genericKubernetesResources(HealthReporter.AI_UPSTREAMS).inNamespace(namespace);
    }

    private Resource<GenericKubernetesResource> upstream() {
        return upstreams().withName(UPSTREAM);
    }

    /** Two replicas, each acting as the proxy's ServiceAccount with a client of its own, as two pods would. */
    private void startProxies(HealthReporter.Settings settings) throws Exception {
        KubernetesClient gwA = replicaClient(true);
        KubernetesClient gwB = replicaClient(false);
        h = ProxyHarness.start(vertx, new KubernetesConfigSource(gwA, namespace, GATEWAY));
        h2 = ProxyHarness.start(vertx, new KubernetesConfigSource(gwB, namespace, GATEWAY));
        eventually().until(() -> h.proxy.currentConfig() != null && h2.proxy.currentConfig() != null);
        reporters.add(HealthReporter.of(h.proxy::currentConfig, h.proxy.health(), h.proxy.limits(), gwA, namespace, "gw-a",
                settings).start());
        reporters.add(HealthReporter.of(h2.proxy::currentConfig, h2.proxy.health(), h2.proxy.limits(), gwB, namespace, "gw-b",
                settings).start());
    }

    /** A replica's client; {@code gw-a}'s can have the operator write before its next patch. */
    private KubernetesClient replicaClient(boolean operatorMayWrite) {
        KubernetesClientBuilder builder = new KubernetesClientBuilder().withConfig(proxyIdentity.config());
        if (operatorMayWrite) {
            builder.withHttpClientBuilderConsumer(http -> http.addOrReplaceInterceptor("operator-write",
                    new Interceptor() {
                        @Override
                        public void before(BasicBuilder basic, HttpRequest request, RequestTags tags) {
                            if ("PATCH".equals(request.method())
                                    && operatorWriteBeforeNextPatch.compareAndSet(true, false)) {
                                addOperatorCondition("ResolvedRefs");
                            }
                        }
                    }));
        }
        KubernetesClient client = builder.build();
        replicaClients.add(client);
        return client;
    }

    /** Sends requests through the proxy until it sees target {@code a} healthy or not. */
    private static void driveUntil(ProxyHarness proxy, boolean healthy) {
        eventually().until(() -> {
            proxy.chat("gpt-4o");
            return proxy.proxy.health().snapshot().get(new TargetKey(UPSTREAM, "a")).healthy() == healthy;
        });
    }

    private long writes() {
        return reporters.stream().mapToLong(HealthReporter::writes).sum();
    }

    private JsonNode status() throws Exception {
        return json.readTree(admin.getKubernetesSerialization().asJson(upstream().get())).get("status");
    }

    /** What {@code kubectl get aiupstreams} shows in the column: the API server's table of the AIUpstream. */
    private String printerColumn(String name) throws Exception {
        HttpClient http = admin.getHttpClient();
        HttpRequest request = http.newHttpRequestBuilder()
                .uri(admin.getMasterUrl().toURI().resolve("/apis/" + HealthReporter.AI_UPSTREAMS.getGroup() + "/"
                        + HealthReporter.AI_UPSTREAMS.getVersion() + "/namespaces/" + namespace + "/"
                        + HealthReporter.AI_UPSTREAMS.getPlural() + "/" + UPSTREAM))
                .header("Accept", "application/json;as=Table;v=v1;g=meta.k8s.io")
                .build();
        JsonNode table = json.readTree(http.sendAsync(request, String.class).get(10, TimeUnit.SECONDS).body());
        JsonNode columns = table.path("columnDefinitions");
        int column = IntStream.range(0, columns.size()).filter(i -> name.equals(columns.get(i).path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no column " + name + " in " + table));
        JsonNode value = table.path("rows").path(0).path("cells").path(column);
        return value.isNull() ? null : value.asText();
    }

    /** The managers of a field of the status, as the API server records them in managedFields. */
    private List<String> statusFieldManagers(String field) {
        return upstream().get().getMetadata().getManagedFields().stream()
                .filter(entry -> json.valueToTree(entry.getFieldsV1()).path("f:status").has("f:" + field))
                .map(ManagedFieldsEntry::getManager)
                .toList();
    }

    private List<String> replicaNames() throws Exception {
        JsonNode replicas = status().path("health").path("replicas");
        return StreamSupport.stream(replicas.spliterator(), false).map(r -> r.get("name").asText()).toList();
    }

    private static JsonNode replicaView(JsonNode status, String replica, String target) {
        return named(named(status.path("health").path("replicas"), replica).path("targets"), target);
    }

    private static JsonNode aggregate(JsonNode status, String target) {
        return named(status.path("health").path("targets"), target);
    }

    private static JsonNode named(JsonNode list, String name) {
        return StreamSupport.stream(list.spliterator(), false).filter(e -> name.equals(e.path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + " in " + list));
    }
}
