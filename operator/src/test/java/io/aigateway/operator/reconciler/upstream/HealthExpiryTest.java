package io.aigateway.operator.reconciler.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aigateway.model.health.HealthAggregation;
import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.TargetReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.Fixtures;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which of the proxies' reports the operator drops, what it then writes, and when it looks again. */
class HealthExpiryTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The replicas wrote on no other AIUpstream: their reports here are their latest writes. */
    private static final Map<String, Instant> NO_OTHER_WRITES = Map.of();

    private final HealthExpiry expiry = new HealthExpiry(Clock.fixed(NOW, ZoneOffset.UTC));

    private static ReplicaReport replica(String name, Instant at, boolean t1Healthy) {
        String time = HealthAggregation.format(at);
        return new ReplicaReport(name, time, List.of(new TargetReport("t0", true, null, 0, time),
                new TargetReport("t1", t1Healthy, t1Healthy ? null : "503", t1Healthy ? 0 : 3, time)));
    }

    /** An upstream whose status holds the replicas' reports, aggregated when all of them were live. */
    private static AIUpstream upstreamWith(ReplicaReport... replicas) {
        AIUpstream upstream = Fixtures.upstream("ns", "providers", Fixtures.apiKey("keys"), Fixtures.apiKey("keys"));
        upstream.getMetadata().setResourceVersion("41");
        AIUpstreamStatus status = AIUpstreamReconciler.operatorStatus(upstream, List.of(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        UpstreamHealth health = new UpstreamHealth(List.of(replicas), HealthAggregation.aggregate(List.of(replicas),
                List.of("t0", "t1")));
        status.setHealth(health);
        status.setHealthy(health.healthySummary());
        upstream.setStatus(status);
        return upstream;
    }

    @Test
    void shouldDropTheReportsNoReplicaRenewedKeepTheFreshOneAndRecomputeHealthy() throws Exception {
        ReplicaReport alive = replica("alive", NOW.minusSeconds(30), true);
        AIUpstream upstream = upstreamWith(alive, replica("gone-1", NOW.minus(HealthAggregation.REPORT_TTL), false),
                replica("gone-2", NOW.minusSeconds(3600), false));
        assertThat(upstream.getStatus().getHealthy()).isEqualTo("1/2");

        JsonNode ops = JSON.readTree(expiry.patch(upstream, NO_OTHER_WRITES).orElseThrow());

        assertThat(ops).extracting(op -> op.get("op").asText() + " " + op.get("path").asText())
                .containsExactly("replace /metadata/resourceVersion", "add /status/health", "add /status/healthy");
        assertThat(ops.get(0).get("value").asText()).isEqualTo("41");
        UpstreamHealth left = JSON.treeToValue(ops.get(1).get("value"), UpstreamHealth.class);
        assertThat(left.replicas()).containsExactly(alive);
        assertThat(left.targets()).allSatisfy(target -> assertThat(target.reportingReplicas()).isEqualTo(1));
        assertThat(ops.get(2).get("value").asText()).isEqualTo("2/2");
    }

    @Test
    void shouldRemoveHealthAndHealthyWhenEveryReportExpired() throws Exception {
        AIUpstream upstream = upstreamWith(replica("gone", NOW.minusSeconds(181), false));

        assertThat(JSON.readTree(expiry.patch(upstream, NO_OTHER_WRITES).orElseThrow())).isEqualTo(JSON.readTree("""
                [{"op": "replace", "path": "/metadata/resourceVersion", "value": "41"},
                 {"op": "remove", "path": "/status/health"},
                 {"op": "remove", "path": "/status/healthy"}]"""));
    }

    @Test
    void shouldWriteNothingWhileEveryReportIsFreshOrThereIsNone() {
        AIUpstream fresh = upstreamWith(replica("p-1", NOW.minusSeconds(179), false), replica("p-2", NOW, true));
        AIUpstream unreported = upstreamWith();
        unreported.getStatus().setHealth(null);
        unreported.getStatus().setHealthy(null);
        AIUpstream noStatus = Fixtures.upstream("ns", "new", Fixtures.apiKey("keys"));

        assertThat(expiry.patch(fresh, NO_OTHER_WRITES)).isEmpty();
        assertThat(expiry.patch(unreported, NO_OTHER_WRITES)).isEmpty();
        assertThat(expiry.patch(noStatus, NO_OTHER_WRITES)).isEmpty();
    }

    @Test
    void shouldLookAgainJustAfterTheOldestReportExpires() {
        AIUpstream upstream = upstreamWith(replica("p-1", NOW.minusSeconds(10), true),
                replica("p-2", NOW.minusSeconds(100), true));
        AIUpstream unreported = Fixtures.upstream("ns", "new", Fixtures.apiKey("keys"));

        // Expires at NOW + 80 s; one second past it, the clock reads it expired.
        assertThat(expiry.untilFirstExpiry(upstream, NO_OTHER_WRITES)).hasValue(Duration.ofSeconds(81));
        assertThat(expiry.untilFirstExpiry(unreported, NO_OTHER_WRITES)).isEmpty();
    }

    @Test
    void shouldKeepAnOldReportOfAReplicaThatWroteOnAnotherUpstreamSinceAndLookAgainWhenThatExpires() {
        // quiet saw nothing flip here for an hour, and renewed on another upstream 100 s ago.
        AIUpstream upstream = upstreamWith(replica("quiet", NOW.minusSeconds(3600), false),
                replica("p-2", NOW.minusSeconds(10), true));
        Map<String, Instant> lastWrites = Map.of("quiet", NOW.minusSeconds(100));

        assertThat(expiry.patch(upstream, lastWrites)).isEmpty();
        assertThat(expiry.untilFirstExpiry(upstream, lastWrites)).hasValue(Duration.ofSeconds(81));
        assertThat(expiry.patch(upstream, NO_OTHER_WRITES)).as("without that write").isPresent();
    }
}
