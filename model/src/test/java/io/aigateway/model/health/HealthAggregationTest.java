package io.aigateway.model.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthAggregationTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Duration TTL = HealthAggregation.REPORT_TTL;
    private static final List<String> AB = List.of("a", "b");

    private static TargetReport up(String target) {
        return new TargetReport(target, true, null, 0, "2025-06-01T11:00:00Z");
    }

    private static TargetReport down(String target, String reason) {
        return new TargetReport(target, false, reason, 5, "2025-06-01T11:50:00Z");
    }

    private static ReplicaReport replica(String name, Instant reportedAt, TargetReport... targets) {
        return new ReplicaReport(name, HealthAggregation.format(reportedAt), List.of(targets));
    }

    private static UpstreamHealth statusOf(ReplicaReport... replicas) {
        return new UpstreamHealth(List.of(replicas), List.of());
    }

    private static TargetAggregate target(UpstreamHealth health, String name) {
        return health.targets().stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldMarkTargetUnhealthyWhenAStrictMajorityOfReplicasSeesItUnhealthy() {
        UpstreamHealth current = statusOf(replica("p-2", NOW, up("a"), down("b", "500")),
                replica("p-3", NOW, up("a"), up("b")));

        UpstreamHealth merged = HealthAggregation.merge(current, replica("p-1", NOW, up("a"), down("b", "500")), AB);

        assertThat(target(merged, "b")).isEqualTo(new TargetAggregate("b", false, 2, 3, "500"));
        assertThat(target(merged, "a")).isEqualTo(new TargetAggregate("a", true, 0, 3, null));
        assertThat(merged.healthySummary()).isEqualTo("1/2");
    }

    @Test
    void shouldCountATieAsHealthyAndStillGiveTheReason() {
        UpstreamHealth current = statusOf(replica("p-2", NOW, up("a"), up("b")));

        UpstreamHealth merged = HealthAggregation.merge(current, replica("p-1", NOW, up("a"), down("b", "timeout")),
                AB);

        assertThat(target(merged, "b")).isEqualTo(new TargetAggregate("b", true, 1, 2, "timeout"));
        assertThat(merged.healthySummary()).isEqualTo("2/2");
    }

    @Test
    void shouldCountATargetNoReplicaReportsOnAsHealthy() {
        UpstreamHealth merged = HealthAggregation.merge(null, replica("p-1", NOW, down("a", "503")),
                List.of("a", "new"));

        assertThat(target(merged, "new")).isEqualTo(new TargetAggregate("new", true, 0, 0, null));
        assertThat(target(merged, "a").healthy()).isFalse();
        assertThat(merged.healthySummary()).isEqualTo("1/2");
    }

    @Test
    void shouldReplaceTheReplicasOwnEntryAndKeepTheOthersSortedByName() {
        ReplicaReport other = replica("p-0", NOW.minusSeconds(30), up("a"), up("b"));
        UpstreamHealth current = statusOf(replica("p-1", NOW.minusSeconds(60), down("a", "500"), up("b")), other);

        UpstreamHealth merged = HealthAggregation.merge(current, replica("p-1", NOW, up("a"), up("b")), AB);

        assertThat(merged.replicas()).extracting(ReplicaReport::name).containsExactly("p-0", "p-1");
        assertThat(merged.replicas().get(0)).isEqualTo(other);
        assertThat(merged.replicas().get(1).lastReportTime()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(merged.healthySummary()).isEqualTo("2/2");
    }

    @Test
    void shouldKeepTheOtherReplicasEntriesHoweverOldTheirReportsWhenMerging() {
        // A replica writes only on change: whether the others are still live is for the operator to tell.
        UpstreamHealth current = statusOf(
                replica("quiet-1", NOW.minusSeconds(3600), down("a", "500")),
                replica("quiet-2", NOW.minus(TTL), down("a", "500")),
                replica("p-0", NOW.minusSeconds(5), up("a")));

        UpstreamHealth merged = HealthAggregation.merge(current, replica("p-1", NOW, up("a")), List.of("a"));

        assertThat(merged.replicas()).extracting(ReplicaReport::name)
                .containsExactly("p-0", "p-1", "quiet-1", "quiet-2");
        assertThat(target(merged, "a")).isEqualTo(new TargetAggregate("a", true, 2, 4, "500"));
    }

    @Test
    void shouldTakeEachReplicasLatestWriteOnAnyUpstream() {
        UpstreamHealth u1 = statusOf(replica("p-1", NOW.minusSeconds(3600), up("a")),
                replica("p-2", NOW.minusSeconds(20), up("a")));
        UpstreamHealth u2 = statusOf(replica("p-1", NOW.minusSeconds(30), up("a")),
                replica("p-2", NOW.minusSeconds(900), up("a")), new ReplicaReport("no-time", null, List.of()));

        assertThat(HealthAggregation.lastWrites(List.of(u1, u2))).isEqualTo(Map.of(
                "p-1", NOW.minusSeconds(30), "p-2", NOW.minusSeconds(20)));
    }

    @Test
    void shouldDropTheReportsOfReplicasThatWroteNothingWithinTheTtlAndRecomputeTheAggregateOverTheSameTargets() {
        // Written while gone-1 and gone-2 were live: b unhealthy by 2 of 3. quiet reported here an hour ago, and
        // has written on another upstream since: it is live.
        List<ReplicaReport> replicas = List.of(replica("quiet", NOW.minusSeconds(3600), up("a"), up("b")),
                replica("gone-1", NOW.minus(TTL), up("a"), down("b", "500")),
                replica("gone-2", NOW.minusSeconds(600), up("a"), down("b", "500")));
        UpstreamHealth written = new UpstreamHealth(replicas, HealthAggregation.aggregate(replicas, AB));
        assertThat(written.healthySummary()).isEqualTo("1/2");
        Map<String, Instant> lastWrites = Map.of("quiet", NOW.minus(TTL).plusSeconds(1), "gone-1", NOW.minus(TTL),
                "gone-2", NOW.minusSeconds(600));

        assertThat(HealthAggregation.hasExpiredReports(written, lastWrites, NOW, TTL)).isTrue();
        UpstreamHealth left = HealthAggregation.withoutExpired(written, lastWrites, NOW, TTL).orElseThrow();

        assertThat(left.replicas()).extracting(ReplicaReport::name).containsExactly("quiet");
        assertThat(left.replicas().get(0).lastReportTime()).as("kept as written").isEqualTo("2025-06-01T11:00:00Z");
        assertThat(left.targets()).containsExactly(new TargetAggregate("a", true, 0, 1, null),
                new TargetAggregate("b", true, 0, 1, null));
        assertThat(left.healthySummary()).isEqualTo("2/2");
        assertThat(HealthAggregation.hasExpiredReports(left, lastWrites, NOW, TTL)).isFalse();
    }

    @Test
    void shouldLeaveNoHealthWhenEveryReportExpired() {
        UpstreamHealth stale = statusOf(replica("gone", NOW.minus(TTL), down("a", "500")),
                new ReplicaReport("no-time", null, List.of(down("a", "500"))),
                new ReplicaReport("bad-time", "yesterday", List.of(down("a", "500"))));
        Map<String, Instant> lastWrites = HealthAggregation.lastWrites(List.of(stale));

        assertThat(HealthAggregation.hasExpiredReports(stale, lastWrites, NOW, TTL)).isTrue();
        assertThat(HealthAggregation.withoutExpired(stale, lastWrites, NOW, TTL)).isEmpty();
        assertThat(HealthAggregation.firstExpiry(stale, lastWrites, NOW, TTL)).isEmpty();
    }

    @Test
    void shouldTellWhenTheFirstReplicaWithAReportStopsBeingLive() {
        UpstreamHealth health = statusOf(replica("p-1", NOW.minusSeconds(10), up("a")),
                replica("p-2", NOW.minusSeconds(3600), up("a")), replica("gone", NOW.minusSeconds(600), up("a")));
        Map<String, Instant> lastWrites = Map.of("p-1", NOW.minusSeconds(10), "p-2", NOW.minusSeconds(100),
                "gone", NOW.minusSeconds(600));

        assertThat(HealthAggregation.firstExpiry(health, lastWrites, NOW, TTL))
                .hasValue(NOW.minusSeconds(100).plus(TTL));
    }

    @Test
    void shouldDropNamelessEntriesWhenMerging() {
        UpstreamHealth current = statusOf(new ReplicaReport(null, HealthAggregation.format(NOW),
                List.of(down("a", "500"))));

        UpstreamHealth merged = HealthAggregation.merge(current, replica("p-1", NOW, up("a")), List.of("a"));

        assertThat(merged.replicas()).extracting(ReplicaReport::name).containsExactly("p-1");
    }

    @Test
    void shouldAggregateOnlyTheTargetsOfTheConfigAndKeepOtherReplicasReportsOnRemovedTargets() {
        // p-2 still runs the previous config, with target "old"; the writer's config has a and b only.
        UpstreamHealth current = statusOf(replica("p-2", NOW, up("a"), down("old", "500")));

        UpstreamHealth merged = HealthAggregation.merge(current, replica("p-1", NOW, up("a"), down("b", "503")), AB);

        assertThat(merged.targets()).extracting(TargetAggregate::name).containsExactly("a", "b");
        assertThat(target(merged, "b")).isEqualTo(new TargetAggregate("b", false, 1, 1, "503"));
        assertThat(merged.replicas().get(1).targets()).extracting(TargetReport::name).containsExactly("a", "old");
        assertThat(merged.healthySummary()).isEqualTo("1/2");
    }

    @Test
    void shouldGiveTheCommonestReasonAndTheAlphabeticallyFirstOnATie() {
        List<ReplicaReport> mostly503 = List.of(replica("p-1", NOW, down("a", "503")),
                replica("p-2", NOW, down("a", "503")), replica("p-3", NOW, down("a", "500")));
        List<ReplicaReport> tie = List.of(replica("p-1", NOW, down("a", "timeout")),
                replica("p-2", NOW, down("a", "500")));

        assertThat(HealthAggregation.aggregate(mostly503, List.of("a")).get(0).reason()).isEqualTo("503");
        assertThat(HealthAggregation.aggregate(tie, List.of("a")).get(0).reason()).isEqualTo("500");
    }

    @Test
    void shouldShowZeroOfZeroWithoutTargets() {
        assertThat(UpstreamHealth.EMPTY.healthySummary()).isEqualTo("0/0");
    }

    @Test
    void shouldFormatTimesAsRfc3339ToTheSecondAndReadOffsets() {
        assertThat(HealthAggregation.format(Instant.parse("2025-06-01T12:00:00.987Z")))
                .isEqualTo("2025-06-01T12:00:00Z");
        assertThat(HealthAggregation.parse("2025-06-01T14:00:00+02:00")).hasValue(NOW);
        assertThat(HealthAggregation.parse("not a time")).isEmpty();
    }

    @Test
    void shouldReadReportsWithUnknownFieldsAndWriteNoNulls() throws Exception {
        ObjectMapper json = new ObjectMapper();
        UpstreamHealth read = json.readValue("""
                {"replicas": [{"name": "p-1", "lastReportTime": "2025-06-01T12:00:00Z", "zone": "x",
                  "targets": [{"name": "a", "healthy": true, "consecutiveFailures": 0}]}],
                 "targets": [{"name": "a", "healthy": true, "unhealthyReplicas": 0, "reportingReplicas": 1}]}
                """, UpstreamHealth.class);

        assertThat(read.replicas().get(0).targets()).containsExactly(new TargetReport("a", true, null, 0, null));
        assertThat(json.convertValue(read.replicas().get(0).targets().get(0), Map.class))
                .containsOnlyKeys("name", "healthy", "consecutiveFailures");
    }
}
