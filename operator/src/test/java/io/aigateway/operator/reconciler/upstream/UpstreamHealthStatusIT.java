package io.aigateway.operator.reconciler.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.OperatorITBase;
import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxies' {@code status.health} and {@code status.healthy} survive the operator's AIUpstream status writes. */
class UpstreamHealthStatusIT extends OperatorITBase {

    private static final String UPSTREAM = "providers";
    private static final String STATUS_PATH = "/aiupstreams/" + UPSTREAM + "/status";

    /** When set, the operator's next status write of the upstream is preceded by a proxy report. */
    private final AtomicBoolean reportBeforeNextOperatorWrite = new AtomicBoolean();
    private final ThreadLocal<Boolean> reporting = ThreadLocal.withInitial(() -> false);
    private final AtomicInteger operatorStatusPuts = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private volatile UpstreamHealth injectedReport;

    @Override
    protected void intercept(HttpClient.Builder builder) {
        builder.addOrReplaceInterceptor("proxy-report-before-operator-write", new Interceptor() {
            @Override
            public void before(BasicBuilder basic, HttpRequest request, RequestTags tags) {
                String path = request.uri().getPath();
                if (reporting.get() || !"PUT".equals(request.method()) || !path.endsWith(STATUS_PATH)) {
                    return;
                }
                operatorStatusPuts.incrementAndGet();
                if (reportBeforeNextOperatorWrite.compareAndSet(true, false)) {
                    // A proxy writes between the operator's read and its write, so the write carries a stale
                    // resourceVersion. The mock checks resourceVersions on the resource but not on its status
                    // subresource; sent to the resource, this write gets the 409 an API server would give.
                    injectedReport = report("gw-b", "503");
                    writeProxyReport(injectedReport);
                    basic.uri(request.uri().resolve(path.substring(0, path.length() - "/status".length())));
                }
            }

            @Override
            public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> c) {
                if (response.code() == 409 && request.uri().getPath().endsWith("/aiupstreams/" + UPSTREAM)) {
                    conflicts.incrementAndGet();
                }
            }
        });
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
    void shouldRetryAConflictWithAProxyWriteAndKeepWhatTheProxyWrote() {
        int putsBefore = operatorStatusPuts.get();
        reportBeforeNextOperatorWrite.set(true);

        changeSpec();

        eventually().until(() -> observedGeneration() == 2L);
        assertThat(conflicts.get()).as("conflicts").isEqualTo(1);
        assertThat(operatorStatusPuts.get() - putsBefore).as("operator status writes: the conflict and its retry")
                .isEqualTo(2);
        AIUpstreamStatus status = get(AIUpstream.class, UPSTREAM).getStatus();
        assertThat(status.getHealth()).isEqualTo(injectedReport);
        assertThat(status.getHealthy()).isEqualTo("1/2");
        assertThat(status.getTargetCount()).isEqualTo(2);
    }

    private void changeSpec() {
        client.resources(AIUpstream.class).inNamespace(namespace).withName(UPSTREAM).edit(upstream -> {
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
        return HealthAggregation.merge(null, report, List.of("anthropic", "openai"), now, Duration.ofMinutes(3));
    }

    /** Writes the proxies' fields as a proxy does: the whole status, locked on the resourceVersion just read. */
    private void writeProxyReport(UpstreamHealth health) {
        reporting.set(true);
        try {
            AIUpstream upstream = get(AIUpstream.class, UPSTREAM);
            upstream.getStatus().setHealth(health);
            upstream.getStatus().setHealthy(health.healthySummary());
            client.resource(upstream).updateStatus();
        } finally {
            reporting.set(false);
        }
    }
}
