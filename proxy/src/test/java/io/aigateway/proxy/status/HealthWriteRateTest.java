package io.aigateway.proxy.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.model.Algorithm;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.CircuitBreaker;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.MovableClock;
import io.aigateway.proxy.support.RecordingApiServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status writes of 10 proxy replicas reporting on 1,000 AIUpstreams in steady state (no target flips), counted as
 * the requests that write (anything but GET) reaching a recording API server, over a simulated clock: each simulated
 * second every reporter polls once, as it does every {@code debounce}. What the writes do on a real API server is
 * {@link HealthReportingIT}'s.
 */
class HealthWriteRateTest {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWriteRateTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "ns";
    private static final int REPLICAS = 10;
    private static final int UPSTREAMS = 1000;
    /** Longer than two renewal intervals, so that each renewal falls in it at least twice. */
    private static final Duration WINDOW = Duration.ofSeconds(125);
    private static final Duration DEBOUNCE = HealthReporter.Settings.DEFAULTS.debounce();
    private static final double MAX_WRITES_PER_SECOND = 5;

    private final RecordingApiServer server = new RecordingApiServer();
    private final KubernetesClient client = server.client();

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldWriteUnderFivePerSecondForTenReplicasAndAThousandUpstreamsYetShowAFlipAtTheNextPoll() {
        List<Upstream> upstreams = IntStream.range(0, UPSTREAMS).mapToObj(i -> Configs.upstream(
                String.format("u-%04d", i), Algorithm.ROUND_ROBIN, Configs.target("a", 1))).toList();
        upstreams.forEach(u -> server.put(path(u.name()), aiUpstream(u.name())));
        MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<Map<TargetKey, TargetHealth.Snapshot>> views = new ArrayList<>();
        List<HealthReporter> reporters = new ArrayList<>();
        for (int r = 0; r < REPLICAS; r++) {
            Map<TargetKey, TargetHealth.Snapshot> view = new HashMap<>();
            upstreams.forEach(u -> view.put(new TargetKey(u.name(), "a"), snapshot(true)));
            views.add(view);
            reporters.add(new HealthReporter(client, NAMESPACE, "gw-" + r, () -> upstreams, () -> view, Map::of,
                    Map::of, clock, HealthReporter.Settings.DEFAULTS));
        }
        // The first reports: one write per replica and upstream, whatever the design.
        pollAll(reporters, clock);
        assertThat(server.writes()).isEqualTo((long) REPLICAS * UPSTREAMS);

        server.resetWrites();
        for (long s = 0; s < WINDOW.dividedBy(DEBOUNCE); s++) {
            pollAll(reporters, clock);
        }
        double perSecond = server.writes() / (double) WINDOW.toSeconds();
        LOG.info("Health writes of {} replicas x {} upstreams in steady state: {} in {} s simulated, {} per second",
                REPLICAS, UPSTREAMS, server.writes(), WINDOW.toSeconds(), String.format("%.2f", perSecond));
        assertThat(perSecond).isLessThan(MAX_WRITES_PER_SECOND);

        // A flip still shows at the next poll, next to the other replicas' entries.
        views.get(3).put(new TargetKey("u-0500", "a"), snapshot(false));
        pollAll(reporters, clock);
        JsonNode health = server.get(path("u-0500")).path("status").path("health");
        JsonNode replicas = health.path("replicas");
        assertThat(replicas.size()).isEqualTo(REPLICAS);
        JsonNode gw3 = StreamSupport.stream(replicas.spliterator(), false)
                .filter(e -> e.path("name").asText().equals("gw-3")).findFirst().orElseThrow();
        assertThat(gw3.at("/targets/0/healthy").asBoolean()).isFalse();
        assertThat(health.at("/targets/0/unhealthyReplicas").asInt()).isEqualTo(1);
        assertThat(health.at("/targets/0/reportingReplicas").asInt()).isEqualTo(REPLICAS);
    }

    /** One debounce of every replica. */
    private static void pollAll(List<HealthReporter> reporters, MovableClock clock) {
        clock.advance(DEBOUNCE);
        reporters.forEach(HealthReporter::poll);
    }

    private static TargetHealth.Snapshot snapshot(boolean healthy) {
        return new TargetHealth.Snapshot(healthy, healthy ? 0 : 3, healthy ? null : "503", Duration.ofMinutes(5),
                null, healthy ? CircuitBreaker.Phase.CLOSED : CircuitBreaker.Phase.OPEN, 0, null);
    }

    private static String path(String upstream) {
        return "/apis/" + HealthReporter.AI_UPSTREAMS.getGroup() + "/" + HealthReporter.AI_UPSTREAMS.getVersion()
                + "/namespaces/" + NAMESPACE + "/" + HealthReporter.AI_UPSTREAMS.getPlural() + "/" + upstream;
    }

    private static ObjectNode aiUpstream(String name) {
        ObjectNode upstream = JSON.createObjectNode().put("apiVersion", "aigateway.io/v1alpha1")
                .put("kind", "AIUpstream");
        upstream.putObject("metadata").put("name", name).put("namespace", NAMESPACE);
        upstream.putObject("spec").putArray("targets").addObject().put("name", "a").put("provider", "openai");
        return upstream;
    }
}
