package io.aigateway.proxy.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.Algorithm;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.proxy.config.KubernetesConfigSource;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.FakeUpstream;
import io.aigateway.proxy.support.ProxyHarness;
import io.aigateway.proxy.support.TwoUpstreams;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two proxy replicas in one process, each with its own reporter, report the health of the targets {@code a} and
 * {@code b} of the AIUpstream {@code u} into its status on the Fabric8 mock API server.
 */
@EnableKubernetesMockClient(crud = true)
class HealthReportingIT extends TwoUpstreams {

    private static final String NAMESPACE = "default";
    private static final String UPSTREAM = "u";
    private static final Path CRD = Path.of(System.getProperty("aigateway.crds.dir", "../crds"),
            "aiupstreams.aigateway.io.yaml");
    /** Two failures take a target out; a trial is due a second later. */
    private static final HealthChecks QUICK = new HealthChecks(true, 2, 1);
    private static final HealthReporter.Settings NO_RENEWAL = new HealthReporter.Settings(Duration.ofMillis(100),
            Duration.ofMinutes(10), Duration.ofMinutes(30), 5);
    private static final HealthReporter.Settings SHORT_LIVED = new HealthReporter.Settings(Duration.ofMillis(100),
            Duration.ofMillis(500), Duration.ofSeconds(2), 5);

    static KubernetesClient client;
    static KubernetesMockServer server;

    /** The field managers the reporters' requests named. */
    private final Set<String> fieldManagers = ConcurrentHashMap.newKeySet();
    /** Every call the reporters made, as {@code METHOD path}: what the proxy's Role must grant. */
    private final Set<String> reporterCalls = ConcurrentHashMap.newKeySet();
    /** When set, the operator writes the status between a reporter's read and its next patch. */
    private final AtomicBoolean operatorWriteBeforeNextPatch = new AtomicBoolean();

    private final ObjectMapper json = new ObjectMapper();
    private final List<HealthReporter> reporters = new ArrayList<>();
    private ProxyHarness h2;
    private final List<KubernetesClient> reporterClients = new ArrayList<>();
    private CustomResourceDefinition crd;

    @BeforeEach
    void createUpstreamAndRoutingConfig() throws Exception {
        crd = client.getKubernetesSerialization().unmarshal(Files.readString(CRD), CustomResourceDefinition.class);
        client.apiextensions().v1().customResourceDefinitions().resource(crd).createOr(r -> r.update());
        RoutingConfig config = Configs.simple(Configs.upstream(UPSTREAM, Algorithm.ROUND_ROBIN, QUICK,
                Configs.TIMEOUTS, 2, Configs.target("a", a.port()), Configs.target("b", b.port())));
        client.configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder()
                .withNewMetadata().withName("gw-routing").withNamespace(NAMESPACE).endMetadata()
                .addToData(RoutingConfigJson.CONFIG_MAP_KEY, Configs.json(config)).build()).createOr(r -> r.update());
    }

    @AfterEach
    void stopReporters() throws Exception {
        reporters.forEach(HealthReporter::close);
        if (h2 != null) {
            h2.close();
        }
        reporterClients.forEach(KubernetesClient::close);
        upstream().delete();
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
                assertThat(replicaView(status, replica, "b").get("healthy").asBoolean()).isTrue();
            }
            assertThat(aggregate(status, "a").toString())
                    .isEqualTo("{\"name\":\"a\",\"healthy\":false,\"unhealthyReplicas\":2,\"reportingReplicas\":2,"
                            + "\"reason\":\"500\"}");
            assertThat(printerColumn("Healthy")).isEqualTo("1/2");
        });

        a.behave(a.ok());
        driveUntil(h, true);
        driveUntil(h2, true);
        eventually().untilAsserted(() -> {
            assertThat(printerColumn("Healthy")).isEqualTo("2/2");
            assertThat(replicaView(status(), "gw-a", "a").get("healthy").asBoolean()).isTrue();
            assertThat(replicaView(status(), "gw-b", "a").get("healthy").asBoolean()).isTrue();
        });
        assertThat(status().at("/conditions/0/type").asText()).as("the operator's condition").isEqualTo("Accepted");
        assertThat(status().get("observedGeneration").asLong()).isEqualTo(1L);
        assertThat(fieldManagers).containsExactly("aigw-proxy");
        // The Role the operator gives the proxy: get on aiupstreams, patch on aiupstreams/status, by name.
        assertThat(reporterCalls).containsExactlyInAnyOrder(
                "GET /apis/aigateway.io/v1alpha1/namespaces/default/aiupstreams/u",
                "PATCH /apis/aigateway.io/v1alpha1/namespaces/default/aiupstreams/u/status");
    }

    @Test
    void shouldExpireTheEntryOfAReplicaThatStoppedReportingAndLetTheAggregateFollow() throws Exception {
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

        eventually().untilAsserted(() -> {
            assertThat(replicaNames()).containsExactly("gw-b");
            assertThat(aggregate(status(), "a").get("reportingReplicas").asInt()).isEqualTo(1);
            assertThat(printerColumn("Healthy")).isEqualTo("1/2");
        });
        assertThat(status().at("/conditions/0/type").asText()).isEqualTo("Accepted");
    }

    @Test
    void shouldRetryAWriteThatConflictsWithTheOperatorsAndKeepBoth() throws Exception {
        createAIUpstream();
        operatorWriteBeforeNextPatch.set(true);

        startProxies(NO_RENEWAL);

        // Only gw-a's entry is awaited. The operator's write blocks inside gw-a's request interceptor, which fabric8's
        // Vert.x HTTP client runs on an event loop its clients may share, so gw-b's requests can stall behind it: an
        // artefact of this test's injection, not of the reporter.
        eventually().untilAsserted(() -> assertThat(replicaNames()).contains("gw-a"));
        // gw-a's first write conflicts with the operator's (and either replica's may with the other's).
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

    private static ConditionFactory eventually() {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100));
    }

    /** The AIUpstream {@code u} with a condition of the operator's in its status. */
    private void createAIUpstream() {
        GenericKubernetesResource upstream = client.getKubernetesSerialization().unmarshal("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata: {name: u, namespace: default}
                spec:
                  algorithm: round-robin
                  targets:
                    - {name: a, provider: openai}
                    - {name: b, provider: openai}
                """, GenericKubernetesResource.class);
        GenericKubernetesResource created = client.genericKubernetesResources(HealthReporter.AI_UPSTREAMS)
                .inNamespace(NAMESPACE).resource(upstream).create();
        created.setAdditionalProperty("status", Map.of("observedGeneration", 1, "targetCount", 2,
                "conditions", List.of(Map.of("type", "Accepted", "status", "True", "reason", "Accepted"))));
        client.genericKubernetesResources(HealthReporter.AI_UPSTREAMS).inNamespace(NAMESPACE).resource(created)
                .updateStatus();
    }

    /** A status write as the operator makes it: the whole status, with one more condition. */
    @SuppressWarnings("unchecked")
    private void addOperatorCondition(String type) {
        GenericKubernetesResource current = upstream().get();
        Map<String, Object> status = (Map<String, Object>) current.getAdditionalProperties().get("status");
        List<Object> conditions = new ArrayList<>((List<Object>) status.get("conditions"));
        conditions.add(Map.of("type", type, "status", "True", "reason", type));
        status.put("conditions", conditions);
        client.genericKubernetesResources(HealthReporter.AI_UPSTREAMS).inNamespace(NAMESPACE).resource(current)
                .updateStatus();
    }

    private Resource<GenericKubernetesResource> upstream() {
        return client.genericKubernetesResources(HealthReporter.AI_UPSTREAMS).inNamespace(NAMESPACE)
                .withName(UPSTREAM);
    }

    private void startProxies(HealthReporter.Settings settings) throws Exception {
        h = ProxyHarness.start(vertx, new KubernetesConfigSource(client, NAMESPACE, "gw"));
        h2 = ProxyHarness.start(vertx, new KubernetesConfigSource(client, NAMESPACE, "gw"));
        eventually().until(() -> h.proxy.currentConfig() != null && h2.proxy.currentConfig() != null);
        reporters.add(HealthReporter.of(h.proxy, reporterClient(true), NAMESPACE, "gw-a", settings).start());
        reporters.add(HealthReporter.of(h2.proxy, reporterClient(false), NAMESPACE, "gw-b", settings).start());
    }

    /** A client of its own for a reporter; {@code gw-a}'s can have the operator write before its next patch. */
    private KubernetesClient reporterClient(boolean operatorMayWrite) {
        KubernetesClient reporterClient = server.createClient(builder -> builder.withHttpClientBuilderConsumer(
                http -> http.addOrReplaceInterceptor("field-manager", new Interceptor() {
                    @Override
                    public void before(BasicBuilder basic, HttpRequest request, RequestTags tags) {
                        URI uri = request.uri();
                        reporterCalls.add(request.method() + " " + uri.getPath());
                        if (operatorMayWrite && "PATCH".equals(request.method())
                                && operatorWriteBeforeNextPatch.compareAndSet(true, false)) {
                            addOperatorCondition("ResolvedRefs");
                        }
                        // The mock takes a status path with a query string for the resource itself, and ignores
                        // the status in it: the query is noted, then dropped.
                        if (uri.getQuery() != null && uri.getQuery().startsWith("fieldManager=")) {
                            fieldManagers.add(uri.getQuery().substring("fieldManager=".length()));
                            basic.uri(URI.create(uri.toString().substring(0, uri.toString().indexOf('?'))));
                        }
                    }
                })));
        reporterClients.add(reporterClient);
        return reporterClient;
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

    private JsonNode resourceJson() throws Exception {
        return json.readTree(client.getKubernetesSerialization().asJson(upstream().get()));
    }

    private JsonNode status() throws Exception {
        return resourceJson().get("status");
    }

    /** What {@code kubectl get aiupstreams} shows in the column: the CRD's JSONPath evaluated on the resource. */
    private String printerColumn(String name) throws Exception {
        CustomResourceDefinitionVersion version = crd.getSpec().getVersions().get(0);
        String path = version.getAdditionalPrinterColumns().stream().filter(c -> c.getName().equals(name))
                .findFirst().orElseThrow().getJsonPath();
        assertThat(path).as("a plain field path").matches("(\\.[A-Za-z]+)+");
        JsonNode value = resourceJson().at(JsonPointer.compile(path.replace('.', '/')));
        return value.isMissingNode() ? null : value.asText();
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
