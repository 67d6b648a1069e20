package io.aigateway.operator.reconciler.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.health.ReplicaReport;
import io.aigateway.model.health.UpstreamHealth;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.AIUpstreamStatus;
import io.aigateway.operator.reconciler.Fixtures;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecChangedOrFirstHealthReportFilterTest {

    private final SpecChangedOrFirstHealthReportFilter filter = new SpecChangedOrFirstHealthReportFilter();

    /** The upstream at {@code generation}, with a report from each named replica (none: no health at all). */
    private static AIUpstream upstream(long generation, String... replicas) {
        AIUpstream upstream = Fixtures.upstream("ns", "providers", Fixtures.apiKey("keys"));
        upstream.getMetadata().setGeneration(generation);
        AIUpstreamStatus status = new AIUpstreamStatus();
        if (replicas.length > 0) {
            status.setHealth(new UpstreamHealth(List.of(replicas).stream()
                    .map(name -> new ReplicaReport(name, "2025-06-01T12:00:00Z", List.of())).toList(), List.of()));
        }
        upstream.setStatus(status);
        return upstream;
    }

    @Test
    void shouldPassASpecChange() {
        assertThat(filter.accept(upstream(2, "p-1"), upstream(1, "p-1"))).isTrue();
    }

    @Test
    void shouldPassTheFirstReportOnAnUpstreamWithout() {
        AIUpstream emptyHealth = upstream(1);
        emptyHealth.getStatus().setHealth(UpstreamHealth.EMPTY);
        AIUpstream noStatus = upstream(1);
        noStatus.setStatus(null);

        assertThat(filter.accept(upstream(1, "p-1"), upstream(1))).isTrue();
        assertThat(filter.accept(upstream(1, "p-1"), emptyHealth)).isTrue();
        assertThat(filter.accept(upstream(1, "p-1"), noStatus)).isTrue();
    }

    @Test
    void shouldNotPassRenewalsFurtherReportsRemovalsOrOtherStatusWrites() {
        assertThat(filter.accept(upstream(1, "p-1"), upstream(1, "p-1"))).isFalse();
        assertThat(filter.accept(upstream(1, "p-1", "p-2"), upstream(1, "p-1"))).isFalse();
        assertThat(filter.accept(upstream(1), upstream(1, "p-1"))).isFalse();
        assertThat(filter.accept(upstream(1), upstream(1))).isFalse();
    }
}
