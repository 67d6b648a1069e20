package io.aigateway.proxy.status;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Which entries a replica writes without a flip: its oldest one once a renewal interval, and all of them again when
 * they may have been dropped. Counted on a recording API server over a simulated clock.
 */
class HealthRenewalTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NAMESPACE = "ns";
    private static final Duration DEBOUNCE = Duration.ofSeconds(1);
    private static final Duration RENEW = Duration.ofSeconds(60);
    private static final Duration TTL = Duration.ofSeconds(180);
    private static final List<String> NAMES = List.of("u-0", "u-1", "u-2");

    private final RecordingApiServer server = new RecordingApiServer();
    private final KubernetesClient client = server.client();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<Upstream> upstreams = NAMES.stream()
            .map(name -> Configs.upstream(name, Algorithm.ROUND_ROBIN, Configs.target("a", 1))).toList();
    private final Map<TargetKey, TargetHealth.Snapshot> view = NAMES.stream().collect(Collectors.toMap(
            name -> new TargetKey(name, "a"), name -> new TargetHealth.Snapshot(true, 0, null, Duration.ZERO, null,
                    CircuitBreaker.Phase.CLOSED, 0, null)));
    private final HealthReporter reporter = new HealthReporter(client, NAMESPACE, "gw-0", () -> upstreams,
            () -> view, Map::of, Map::of, clock, new HealthReporter.Settings(DEBOUNCE, RENEW, TTL, 5));

    @AfterEach
    void stop() {
        client.close();
        server.close();
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
