package io.aigateway.operator.reconciler.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.HealthStatusPatch;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real API server tier (see {@link OperatorITBase}): the proxies' {@code status.health} and {@code status.healthy}
 * survive the operator's AIUpstream status writes, and cause none of their own; the operator drops the reports no
 * proxy renews, with a JSON patch locked on the resourceVersion (a conflict needs the real server), never as an
 * applier of those fields (managedFields need it too). Across many writes of both, interleaved, each writer's
 * fields stay as it last wrote them, and managedFields show each the only owner of its own.
 */
class UpstreamHealthStatusIT extends OperatorITBase {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamHealthStatusIT.class);

    private static final String UPSTREAM = "providers";
    private static final List<String> TARGETS = List.of("anthropic", "openai");
    /** The proxies' field manager (HealthReporter.FIELD_MANAGER in the proxy). */
    private static final String PROXY_FIELD_MANAGER = "aigw-proxy";
    private static final PatchContext AS_A_PROXY = new PatchContext.Builder().withPatchType(PatchType.JSON)
            .withFieldManager(PROXY_FIELD_MANAGER).build();
    /** The status fields the operator applies. */
    private static final List<String> OPERATOR_STATUS_FIELDS = List.of("f:conditions", "f:observedGeneration",
            "f:targetCount", "f:targets");
    /** The status fields the proxies write. */
    private static final List<String> PROXY_STATUS_FIELDS = List.of("f:health", "f:healthy");
    /** Spec changes, and proxy reports, in the interleaving test. */
    private static final int INTERLEAVED_WRITES = 30;
    /** Attempts at one report before the test fails; the proxy's reporter tries 5, then again at its next poll. */
    private static final int MAX_REPORT_ATTEMPTS = 20;
    /** How soon the operator drops an expired report: its reconcile runs a second past the expiry. */
    private static final Duration EXPIRY_BOUND = Duration.ofSeconds(10);

    /** Run, once, just before the operator's first JSON patch of the upstream's status is sent. */
    private volatile Runnable beforeOperatorsHealthPatch;
    /** The HTTP status of each JSON patch of the upstream's status the operator sent. */
    private final List<Integer> operatorsHealthPatches = new CopyOnWriteArrayList<>();

    @Override
    protected void intercept(HttpClient.Builder builder) {
        builder.addOrReplaceInterceptor("health-patches", new Interceptor() {
            @Override
            public void before(BasicBuilder request, HttpRequest sent, RequestTags tags) {
                Runnable action = beforeOperatorsHealthPatch;
                if (isHealthPatch(sent) && action != null) {
                    beforeOperatorsHealthPatch = null;
                    action.run();
                }
            }

            @Override
            public void after(HttpRequest sent, HttpResponse<?> response,
                    AsyncBody.Consumer<List<ByteBuffer>> consumer) {
                if (isHealthPatch(sent)) {
                    operatorsHealthPatches.add(response.code());
                }
            }
        });
    }

    private boolean isHealthPatch(HttpRequest request) {
        // A JSON patch is a list of operations; the operator's server-side applies are objects.
        return "PATCH".equals(request.method()) && request.bodyString() != null
                && request.bodyString().startsWith("[")
                && request.uri().getPath().endsWith("/namespaces/" + namespace + "/aiupstreams/" + UPSTREAM
                        + "/status");
    }

    @BeforeEach
    void createUpstream() {
        apply("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: provider-keys
                stringData:
                  openai: sk-test-openai
                  anthropic: sk-test-anthropic
                ---
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata:
                  name: providers
                spec:
                  algorithm: round-robin
                  targets:
                    - name: openai
                      provider: openai
                      weight: 50
                      credentials:
                        apiKey: {name: provider-keys, key: openai}
                    - name: anthropic
                      provider: anthropic
                      weight: 50
                      credentials:
                        apiKey: {name: provider-keys, key: anthropic}
                """);
        eventually().until(() -> observedGeneration() == 1L);
        awaitQuiet();
    }

    @Test
    void shouldKeepTheProxiesReportThroughReconcilesAndNotWriteBecauseOfIt() {
        UpstreamHealth reported = report("gw-a", "500");
        writeProxyReport(reported);
        // The first report reconciles the upstream, to schedule its expiry.
        awaitQuiet();
        int writes = statusWrites.total();
        int reconcilesBefore = reconciles.of(AIUpstream.class, namespace, UPSTREAM);

        // A touched Secret reconciles the upstream with nothing of the operator's to change.
        client.secrets().inNamespace(namespace).withName("provider-keys").edit(secret -> {
            secret.getMetadata().setLabels(Map.of("touched", "yes"));
            return secret;
        });
        eventually().until(() -> reconciles.of(AIUpstream.class, namespace, UPSTREAM) > reconcilesBefore);
        assertThat(statusWrites.total()).as("status writes after the proxy's").isEqualTo(writes);

        changeSpec();
        eventually().until(() -> observedGeneration() == 2L);
        AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
        assertThat(status.getHealth()).isEqualTo(reported);
        assertThat(status.getHealthy()).isEqualTo("1/2");
        assertThat(status.getTargets()).extracting(t -> t.getName()).containsExactly("openai", "anthropic");
    }

    @Test
    void shouldDropTheReportsNoProxyRenewsAndKeepOneWrittenMeanwhile() {
        Instant now = Instant.now();
        ReplicaReport alive = replica("gw-alive", now, true);
        ReplicaReport late = replica("gw-late", now, true);
        List<ReplicaReport> replicas = List.of(alive, replica("gw-gone-1", now.minusSeconds(600), false),
                replica("gw-gone-2", now.minusSeconds(900), false));
        // Another replica reports just as the operator writes, keeping every entry: the operator's write, locked on
        // the resourceVersion it read, then conflicts, and it must drop the expired ones again on what is now there.
        beforeOperatorsHealthPatch = () -> patchAsAProxy(current -> HealthStatusPatch.setting(
                current.getMetadata().getResourceVersion(), true, new UpstreamHealth(
                        Stream.concat(current.getStatus().getHealth().replicas().stream(), Stream.of(late)).toList(),
                        current.getStatus().getHealth().targets())));
        // As written while the two others were fresh: openai unhealthy by 2 of 3.
        UpstreamHealth written = new UpstreamHealth(replicas,
                HealthAggregation.aggregate(replicas, TARGETS));
        assertThat(written.healthySummary()).isEqualTo("1/2");

        patchAsAProxy(current -> HealthStatusPatch.setting(current.getMetadata().getResourceVersion(), true, written));

        await().atMost(EXPIRY_BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
            assertThat(status.getHealth().replicas()).containsExactly(alive, late);
            assertThat(status.getHealth().targets()).allSatisfy(target -> {
                assertThat(target.healthy()).isTrue();
                assertThat(target.reportingReplicas()).isEqualTo(2);
            });
            assertThat(status.getHealthy()).isEqualTo("2/2");
        });
        assertThat(beforeOperatorsHealthPatch).as("the concurrent report was written").isNull();
        assertThat(operatorsHealthPatches).as("HTTP status of the operator's health patches")
                .startsWith(HttpURLConnection.HTTP_CONFLICT).endsWith(HttpURLConnection.HTTP_OK);
        assertNoApplierOfTheProxiesFields();

        // The operator's next apply of its own fields leaves the proxies' as they are.
        changeSpec();
        eventually().until(() -> observedGeneration() == 2L);
        assertThat(get(AIUpstream.class, UPSTREAM).getStatus().getHealth().replicas()).containsExactly(alive, late);
        assertNoApplierOfTheProxiesFields();
    }

    @Test
    void shouldClearHealthAndHealthyWhenNoProxyReportIsLeft() {
        Instant now = Instant.now();
        List<ReplicaReport> replicas = List.of(replica("gw-gone", now.minusSeconds(600), false));
        UpstreamHealth written = new UpstreamHealth(replicas,
                HealthAggregation.aggregate(replicas, TARGETS));

        patchAsAProxy(current -> HealthStatusPatch.setting(current.getMetadata().getResourceVersion(), true, written));

        await().atMost(EXPIRY_BOUND).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
            assertThat(status.getHealth()).isNull();
            assertThat(status.getHealthy()).as("the HEALTHY column").isNull();
        });
        AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
        assertThat(status.getTargetCount()).isEqualTo(2);
        assertThat(summary(AIUpstream.class, UPSTREAM)).isEqualTo("Accepted=True ResolvedRefs=True");
        assertNoApplierOfTheProxiesFields();
    }

    @Test
    void shouldDropAReportWhenItExpiresAlthoughNothingElseHappens() {
        // Fresh for a few more seconds when written; nothing but the schedule reconciles the upstream after that.
        Instant reportedAt = Instant.now().minus(HealthAggregation.REPORT_TTL).plusSeconds(5);
        Instant expiry = HealthAggregation.parse(HealthAggregation.format(reportedAt)).orElseThrow()
                .plus(HealthAggregation.REPORT_TTL);
        List<ReplicaReport> replicas = List.of(replica("gw-stopped", reportedAt, true));
        UpstreamHealth written = new UpstreamHealth(replicas,
                HealthAggregation.aggregate(replicas, TARGETS));
        int reconcilesBefore = reconciles.of(AIUpstream.class, namespace, UPSTREAM);

        patchAsAProxy(current -> HealthStatusPatch.setting(current.getMetadata().getResourceVersion(), true, written));

        eventually().until(() -> reconciles.of(AIUpstream.class, namespace, UPSTREAM) > reconcilesBefore);
        assertThat(Instant.now()).as("the first report's reconcile ran before the expiry").isBefore(expiry);
        assertThat(get(AIUpstream.class, UPSTREAM).getStatus().getHealth()).isEqualTo(written);

        await().atMost(EXPIRY_BOUND).pollInterval(Duration.ofMillis(50))
                .until(() -> get(AIUpstream.class, UPSTREAM).getStatus().getHealth() == null);
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    }

    @Test
    void shouldKeepAnOldReportOfAReplicaThatWroteOnAnotherUpstreamSinceAndDropItOnceThatWriteExpires() {
        apply("""
                apiVersion: aigateway.io/v1alpha1
                kind: AIUpstream
                metadata:
                  name: other
                spec:
                  targets: [{name: openai, provider: openai}]
                """);
        eventually().until(() -> get(AIUpstream.class, "other").getStatus() != null);
        awaitQuiet();
        Instant now = Instant.now();
        // gw-quiet's latest write, on the other upstream: live for a few more seconds.
        Instant lastWrite = now.minus(HealthAggregation.REPORT_TTL).plusSeconds(8);
        Instant expiry = HealthAggregation.parse(HealthAggregation.format(lastWrite)).orElseThrow()
                .plus(HealthAggregation.REPORT_TTL);
        ReplicaReport renewal = new ReplicaReport("gw-quiet", HealthAggregation.format(lastWrite),
                List.of(new TargetReport("openai", true, null, 0, HealthAggregation.format(lastWrite))));
        int otherReconciles = reconciles.of(AIUpstream.class, namespace, "other");
        patchAsAProxy("other", current -> HealthStatusPatch.setting(current.getMetadata().getResourceVersion(),
                current.getStatus() != null, HealthAggregation.merge(null, renewal, List.of("openai"))));
        eventually().until(() -> reconciles.of(AIUpstream.class, namespace, "other") > otherReconciles);
        // Here gw-quiet saw openai fail ten minutes ago, and nothing flipped since.
        List<ReplicaReport> replicas = List.of(replica("gw-alive", now, true),
                replica("gw-quiet", now.minusSeconds(600), false));
        UpstreamHealth written = new UpstreamHealth(replicas, HealthAggregation.aggregate(replicas, TARGETS));
        int reconcilesBefore = reconciles.of(AIUpstream.class, namespace, UPSTREAM);

        patchAsAProxy(current -> HealthStatusPatch.setting(current.getMetadata().getResourceVersion(), true, written));

        eventually().until(() -> reconciles.of(AIUpstream.class, namespace, UPSTREAM) > reconcilesBefore);
        assertThat(Instant.now()).as("the report's reconcile ran before gw-quiet's expiry").isBefore(expiry);
        assertThat(get(AIUpstream.class, UPSTREAM).getStatus().getHealth()).isEqualTo(written);

        await().atMost(EXPIRY_BOUND.plusSeconds(8)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
            assertThat(get(AIUpstream.class, UPSTREAM).getStatus().getHealth().replicas())
                    .extracting(ReplicaReport::name).containsExactly("gw-alive");
            assertThat(get(AIUpstream.class, "other").getStatus().getHealth()).isNull();
        });
        assertThat(Instant.now()).isAfterOrEqualTo(expiry);
    }

    @Test
    void shouldKeepEachWritersStatusFieldsThroughManyInterleavedWrites() throws Exception {
        Semaphore specChanged = new Semaphore(0);
        AtomicReference<ReplicaReport> lastReported = new AtomicReference<>();
        AtomicInteger conflicts = new AtomicInteger();
        ExecutorService proxy = Executors.newSingleThreadExecutor();
        try {
            // Each report is sent just after a spec change, so that it races the operator's apply of its status.
            Future<?> reports = proxy.submit(() -> {
                for (int i = 1; i <= INTERLEAVED_WRITES; i++) {
                    specChanged.acquire();
                    ReplicaReport report = numbered(i);
                    reportAsAProxy(report, conflicts);
                    lastReported.set(report);
                }
                return null;
            });
            for (int i = 1; i <= INTERLEAVED_WRITES; i++) {
                long generation = setOpenAiPath(i);
                specChanged.release();
                eventually().untilAsserted(() -> assertOperatorsStatus(generation));
                assertProxiesStatusNotOlderThan(lastReported.get());
                if (i % 10 == 0) {
                    assertEachWriterOwnsItsStatusFieldsOnly();
                }
            }
            reports.get(30, TimeUnit.SECONDS);
        } finally {
            proxy.shutdownNow();
        }

        AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
        assertThat(upstream.getStatus().getHealth().replicas()).containsExactly(lastReported.get());
        assertThat(upstream.getStatus().getHealthy()).isEqualTo(upstream.getStatus().getHealth().healthySummary());
        assertOperatorsStatus(upstream.getMetadata().getGeneration());
        assertEachWriterOwnsItsStatusFieldsOnly();
        LOG.info("{} proxy reports and {} spec changes interleaved; {} proxy writes retried after a 409",
                INTERLEAVED_WRITES, INTERLEAVED_WRITES, conflicts.get());
    }

    /** The operator's fields are those of the given generation: its conditions, and openai's path in targets. */
    private void assertOperatorsStatus(long generation) {
        AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
        AIUpstreamStatus status = upstream.getStatus();
        assertThat(status.getObservedGeneration()).as("observedGeneration").isEqualTo(generation);
        assertThat(status.getConditions()).as("conditions").hasSize(2).allSatisfy(condition -> {
            assertThat(condition.getStatus()).as(condition.getType()).isEqualTo("True");
            assertThat(condition.getObservedGeneration()).as(condition.getType()).isEqualTo(generation);
        });
        assertThat(status.getTargetCount()).isEqualTo(2);
        assertThat(status.getTargets()).first().satisfies(target -> assertThat(target.getEndpoint())
                .endsWith(upstream.getSpec().getTargets().get(0).getPath()));
    }

    /**
     * The proxies' fields hold {@code confirmed}, the last report the server accepted before this read, or a later
     * one; never an earlier one, which would be a report lost to another writer.
     */
    private void assertProxiesStatusNotOlderThan(ReplicaReport confirmed) {
        if (confirmed == null) {
            return;
        }
        AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
        assertThat(status.getHealth()).as("status.health").isNotNull();
        assertThat(status.getHealth().replicas()).singleElement().satisfies(replica -> assertThat(
                sequence(replica)).as("report number").isGreaterThanOrEqualTo(sequence(confirmed)));
        assertThat(status.getHealthy()).as("status.healthy").isEqualTo(status.getHealth().healthySummary());
    }

    /**
     * In managedFields, the proxies' manager owns {@code status.health} and {@code status.healthy} and nothing else
     * of the status; the operator's apply owns its fields of the status and neither of those; no other entry owns
     * any of them.
     */
    private void assertEachWriterOwnsItsStatusFieldsOnly() {
        Map<String, Set<String>> owned = new HashMap<>();
        for (ManagedFieldsEntry entry : get(AIUpstream.class, UPSTREAM).getMetadata().getManagedFields()) {
            Set<String> fields = asMap(entry.getFieldsV1().getAdditionalProperties().get("f:status")).keySet()
                    .stream().filter(field -> field.startsWith("f:")).collect(Collectors.toSet());
            owned.computeIfAbsent(entry.getManager() + " " + entry.getOperation(), m -> new HashSet<>())
                    .addAll(fields);
        }
        String proxies = PROXY_FIELD_MANAGER + " Update";
        // JOSDK applies as the controller's name.
        String operators = AIUpstreamReconciler.NAME + " Apply";
        assertThat(owned).as("status fields by manager and operation").containsKeys(proxies, operators);
        assertThat(owned.get(proxies)).as(proxies).containsExactlyInAnyOrderElementsOf(PROXY_STATUS_FIELDS);
        assertThat(owned.get(operators)).as(operators).containsExactlyInAnyOrderElementsOf(OPERATOR_STATUS_FIELDS);
        owned.forEach((manager, fields) -> {
            if (!manager.equals(proxies)) {
                assertThat(fields).as(manager).doesNotContainAnyElementsOf(PROXY_STATUS_FIELDS);
            }
            if (!manager.equals(operators)) {
                assertThat(fields).as(manager).doesNotContainAnyElementsOf(OPERATOR_STATUS_FIELDS);
            }
        });
    }

    /** Writes a replica's report as a proxy's reporter does: merged into what it read, retried on a conflict. */
    private void reportAsAProxy(ReplicaReport report, AtomicInteger conflicts) {
        for (int attempt = 1; ; attempt++) {
            try {
                patchAsAProxy(current -> HealthStatusPatch.setting(current.getMetadata().getResourceVersion(),
                        current.getStatus() != null, HealthAggregation.merge(
                                current.getStatus() == null ? null : current.getStatus().getHealth(), report,
                                TARGETS)));
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == MAX_REPORT_ATTEMPTS) {
                    throw e;
                }
                conflicts.incrementAndGet();
            }
        }
    }

    /** The report number {@code i}: openai's failures count it, and its health flips with each. */
    private static ReplicaReport numbered(int i) {
        String at = HealthAggregation.format(Instant.now());
        return new ReplicaReport("gw-a", at, List.of(new TargetReport("anthropic", true, null, 0, at),
                new TargetReport("openai", i % 2 == 0, "503", i, at)));
    }

    private static int sequence(ReplicaReport report) {
        return report.targets().stream().filter(target -> target.name().equals("openai")).findFirst().orElseThrow()
                .consecutiveFailures();
    }

    /**
     * Gives openai's target a path of its own, a new generation that changes the operator's targets; returns it. Not
     * locked on a resourceVersion, as {@code kubectl patch}: the proxy's reports keep changing it.
     */
    private long setOpenAiPath(int i) {
        return client.resources(AIUpstream.class).inNamespace(namespace).withName(UPSTREAM)
                .patch(PatchContext.of(PatchType.JSON), """
                        [{"op": "add", "path": "/spec/targets/0/path", "value": "/v%d/chat/completions"}]"""
                        .formatted(i)).getMetadata().getGeneration();
    }

    /** No managedFields entry of an Apply, the operator's included, owns the proxies' fields. */
    private void assertNoApplierOfTheProxiesFields() {
        List<ManagedFieldsEntry> applies = get(AIUpstream.class, UPSTREAM).getMetadata().getManagedFields().stream()
                .filter(entry -> "Apply".equals(entry.getOperation())).toList();
        assertThat(applies).as("Apply entries of managedFields").isNotEmpty();
        for (ManagedFieldsEntry entry : applies) {
            Map<String, Object> status = asMap(entry.getFieldsV1().getAdditionalProperties().get("f:status"));
            assertThat(status).as("status fields applied by %s", entry.getManager())
                    .doesNotContainKeys("f:health", "f:healthy");
        }
        assertThat(applies).as("the operator's applied status").anySatisfy(entry -> assertThat(
                asMap(entry.getFieldsV1().getAdditionalProperties().get("f:status"))).containsKey("f:conditions"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object fields) {
        return fields == null ? Map.of() : (Map<String, Object>) fields;
    }

    /** A replica's report on both targets, openai healthy or failing with 503. */
    private static ReplicaReport replica(String name, Instant at, boolean openAiHealthy) {
        String time = HealthAggregation.format(at);
        return new ReplicaReport(name, time, List.of(new TargetReport("anthropic", true, null, 0, time),
                new TargetReport("openai", openAiHealthy, openAiHealthy ? null : "503", openAiHealthy ? 0 : 3, time)));
    }

    /** Writes the proxies' fields as a proxy does: the patch made from the AIUpstream just read, as field manager. */
    private void patchAsAProxy(Function<AIUpstream, String> patch) {
        patchAsAProxy(UPSTREAM, patch);
    }

    private void patchAsAProxy(String upstream, Function<AIUpstream, String> patch) {
        AIUpstream current = get(AIUpstream.class, upstream);
        client.resources(AIUpstream.class).inNamespace(namespace).resource(current).subresource("status")
                .patch(AS_A_PROXY, patch.apply(current));
    }

    private void changeSpec() {
        edit(AIUpstream.class, UPSTREAM, upstream -> {
            upstream.getSpec().getTargets().get(0).setWeight(60);
            return upstream;
        });
    }

    private long observedGeneration() {
        AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
        return upstream == null || upstream.getStatus() == null || upstream.getStatus().getObservedGeneration() == null
                ? 0L : upstream.getStatus().getObservedGeneration();
    }

    /** What a proxy replica seeing {@code openai} fail with {@code reason} reports. */
    private static UpstreamHealth report(String replica, String reason) {
        Instant now = Instant.now();
        String at = HealthAggregation.format(now);
        ReplicaReport report = new ReplicaReport(replica, at, List.of(new TargetReport("anthropic", true, null, 0, at),
                new TargetReport("openai", false, reason, 3, at)));
        return HealthAggregation.merge(null, report, List.of("anthropic", "openai"));
    }

    /**
     * Writes the proxies' fields, as another writer than the operator: the whole status, locked on the
     * resourceVersion just read. (StatusOwnershipIT in deploy-tests has the proxy's own reporter write them.)
     */
    private void writeProxyReport(UpstreamHealth health) {
        AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
        upstream.getStatus().setHealth(health);
        upstream.getStatus().setHealthy(health.healthySummary());
        client.resource(upstream).updateStatus();
    }
}
