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
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status writes of the health reporters, counted as the requests that write (anything but GET) reaching a
 * recording API server, over a simulated clock: each simulated second every reporter polls once, as it does every
 * {@code debounce}. What the writes do on a real API server is {@link HealthReportingIT}'s.
 */
class HealthWritesTest {

    private static final Logger LOG = LoggerFactory.getLogger(HealthWritesTest.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "ns";
    /** Every second, a renewal after 60 s without a write, entries dropped 180 s after their replica's last write. */
    private static final HealthReporter.Settings DEFAULTS = HealthReporter.Settings.DEFAULTS;
    private static final Duration DEBOUNCE = DEFAULTS.debounce();
    private static final Duration RENEW = DEFAULTS.renew();
    private static final Duration TTL = DEFAULTS.ttl();
    private static final int REPLICAS = 10;
    private static final int UPSTREAMS = 1000;
    /** Longer than two renewal intervals, so that each renewal falls in it at least twice. */
    private static final Duration WINDOW = Duration.ofSeconds(125);
    private static final double MAX_WRITES_PER_SECOND = 5;
    /** The upstreams of the one replica the renewal tests run. */
    private static final List<String> NAMES = List.of("u-0", "u-1", "u-2");

    private final RecordingApiServer server = new RecordingApiServer();
    private final KubernetesClient client = server.client();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Upstream> upstreams = NAMES.stream().map(HealthWritesTest::upstream).toList();
    private final Map<TargetKey, TargetHealth.Snapshot> view = NAMES.stream().collect(Collectors.toMap(
            name -> new TargetKey(name, "a"), name -> healthy(true)));
    private final HealthReporter reporter = new HealthReporter(client, NAMESPACE, "gw-0", () -> upstreams,
            () -> view, Map::of, Map::of, clock, DEFAULTS);

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldWriteUnderFivePerSecondForTenReplicasAndAThousandUpstreamsYetShowAFlipAtTheNextPoll() {
        List<Upstream> thousand = IntStream.range(0, UPSTREAMS).mapToObj(i -> upstream(String.format("u-%04d", i)))
                .toList();
        thousand.forEach(u -> server.put(path(u.name()), aiUpstream(u.name())));
        List<Map<TargetKey, TargetHealth.Snapshot>> views = new ArrayList<>();
        List<HealthReporter> reporters = new ArrayList<>();
        for (int r = 0; r < REPLICAS; r++) {
            Map<TargetKey, TargetHealth.Snapshot> replicaView = new HashMap<>();
            thousand.forEach(u -> replicaView.put(new TargetKey(u.name(), "a"), healthy(true)));
            views.add(replicaView);
            reporters.add(new HealthReporter(client, NAMESPACE, "gw-" + r, () -> thousand, () -> replicaView,
                    Map::of, Map::of, clock, DEFAULTS));
        }
        // The first reports: one write per replica and upstream, whatever the design.
        pollAll(reporters);
        assertThat(server.writes()).isEqualTo((long) REPLICAS * UPSTREAMS);

        server.resetWrites();
        for (long s = 0; s < WINDOW.dividedBy(DEBOUNCE); s++) {
            pollAll(reporters);
        }
        double perSecond = server.writes() / (double) WINDOW.toSeconds();
        LOG.info("Health writes of {} replicas x {} upstreams in steady state: {} in {} s simulated, {} per second",
                REPLICAS, UPSTREAMS, server.writes(), WINDOW.toSeconds(), String.format("%.2f", perSecond));
        assertThat(perSecond).isLessThan(MAX_WRITES_PER_SECOND);

        // A flip still shows at the next poll, next to the other replicas' entries.
        views.get(3).put(new TargetKey("u-0500", "a"), healthy(false));
        pollAll(reporters);
        JsonNode health = server.get(path("u-0500")).path("status").path("health");
        JsonNode replicas = health.path("replicas");
        assertThat(replicas.size()).isEqualTo(REPLICAS);
        JsonNode gw3 = StreamSupport.stream(replicas.spliterator(), false)
                .filter(e -> e.path("name").asText().equals("gw-3")).findFirst().orElseThrow();
        assertThat(gw3.at("/targets/0/healthy").asBoolean()).isFalse();
        assertThat(health.at("/targets/0/unhealthyReplicas").asInt()).isEqualTo(1);
        assertThat(health.at("/targets/0/reportingReplicas").asInt()).isEqualTo(REPLICAS);
    }

    @Test
    void shouldRenewOnlyItsOldestEntryOnceARenewalIntervalTakingTheUpstreamsInTurn() {
        NAMES.forEach(name -> server.put(path(name), aiUpstream(name)));
        pollFor(DEBOUNCE);
        assertThat(server.writes()).isEqualTo(3);
        Map<String, String> first = reportTimes();

        server.resetWrites();
        pollFor(RENEW.minus(DEBOUNCE));
        assertThat(server.writes()).as("within the renewal interval").isZero();
        pollFor(DEBOUNCE);
        assertThat(server.writes()).isEqualTo(1);
        pollFor(RENEW.multipliedBy(2));

        assertThat(server.writes()).isEqualTo(3);
        assertThat(reportTimes()).allSatisfy((name, at) -> assertThat(at).as(name).isNotEqualTo(first.get(name)));
    }

    @Test
    void shouldWriteEveryEntryAgainWhenARenewalFindsItsEntryDropped() {
        NAMES.forEach(name -> server.put(path(name), aiUpstream(name)));
        pollFor(DEBOUNCE);
        // As the operator does when it took the replica for gone: from every upstream, u-0 (the oldest) first.
        NAMES.forEach(name -> ((ObjectNode) server.get(path(name))).remove("status"));

        server.resetWrites();
        pollFor(RENEW.plus(DEBOUNCE));

        assertThat(server.writes()).as("the renewal, then the two others").isEqualTo(3);
        assertThat(reportTimes()).containsOnlyKeys(NAMES);
    }

    @Test
    void shouldWriteEveryEntryAgainAfterATtlWithoutAWrite() {
        NAMES.forEach(name -> server.put(path(name), aiUpstream(name)));
        pollFor(DEBOUNCE);
        // The API server answers no write for the TTL: the operator may have dropped every entry meanwhile.
        server.failEveryRequest(true);
        pollFor(TTL);
        server.failEveryRequest(false);

        server.resetWrites();
        pollFor(DEBOUNCE);

        assertThat(server.writes()).isEqualTo(3);
    }

    /** One debounce of every replica. */
    private void pollAll(List<HealthReporter> reporters) {
        clock.advance(DEBOUNCE);
        reporters.forEach(HealthReporter::poll);
    }

    private void pollFor(Duration duration) {
        for (long s = 0; s < duration.dividedBy(DEBOUNCE); s++) {
            clock.advance(DEBOUNCE);
            reporter.poll();
        }
    }

    /** This replica's lastReportTime on each upstream that has its entry. */
    private Map<String, String> reportTimes() {
        return NAMES.stream().filter(name -> server.get(path(name)).at("/status/health/replicas/0/name").asText()
                .equals("gw-0")).collect(Collectors.toMap(Function.identity(),
                        name -> server.get(path(name)).at("/status/health/replicas/0/lastReportTime").asText()));
    }

    /** An upstream with the one target {@code a}. */
    private static Upstream upstream(String name) {
        return Configs.upstream(name, Algorithm.ROUND_ROBIN, Configs.target("a", 1));
    }

    private static TargetHealth.Snapshot healthy(boolean healthy) {
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
