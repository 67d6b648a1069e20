package io.aigateway.proxy.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthRegistryTest {

    private static final HealthChecks SETTINGS = new HealthChecks(true, 3, 60);

    private final FakeClock clock = new FakeClock();
    private final HealthRegistry registry = new HealthRegistry(clock, (key, phase) -> { });

    @Test
    void shouldKeepTheSameHealthAcrossReloadsWithEqualSettings() {
        TargetHealth first = registry.of("ai", "openai", SETTINGS);
        first.onFailure("500");

        TargetHealth again = registry.of("ai", "openai", new HealthChecks(true, 3, 60));

        assertThat(again).isSameAs(first);
        assertThat(again.snapshot().consecutiveFailures()).isEqualTo(1);
    }

    @Test
    void shouldStartAfreshWhenTheSettingsChange() {
        TargetHealth first = registry.of("ai", "openai", SETTINGS);
        first.onFailure("500");

        TargetHealth changed = registry.of("ai", "openai", new HealthChecks(true, 5, 60));

        assertThat(changed).isNotSameAs(first);
        assertThat(changed.snapshot().consecutiveFailures()).isZero();
        assertThat(registry.of("ai", "openai", new HealthChecks(true, 5, 60))).isSameAs(changed);
    }

    @Test
    void shouldTellEachBreakerTransitionWithItsTarget() {
        List<String> told = new ArrayList<>();
        HealthRegistry listened = new HealthRegistry(clock, (key, phase) -> told.add(key + " " + phase.label()));
        TargetHealth h = listened.of("ai", "openai", new HealthChecks(true, 1, 60));

        h.onFailure("500");
        clock.advanceSeconds(60);
        h.tryAcquire();
        h.onSuccess();

        assertThat(told).containsExactly("ai/openai open", "ai/openai half-open", "ai/openai closed");
    }

    @Test
    void shouldKeepTargetsOfDifferentUpstreamsApart() {
        assertThat(registry.of("a", "t", SETTINGS)).isNotSameAs(registry.of("b", "t", SETTINGS));
    }

    @Test
    void shouldDropTargetsThatAreNoLongerConfigured() {
        TargetHealth kept = registry.of("ai", "openai", SETTINGS);
        TargetHealth dropped = registry.of("ai", "anthropic", SETTINGS);

        registry.retainOnly(Set.of(new TargetKey("ai", "openai")));

        assertThat(registry.snapshot()).containsOnlyKeys(new TargetKey("ai", "openai"));
        assertThat(registry.of("ai", "openai", SETTINGS)).isSameAs(kept);
        assertThat(registry.of("ai", "anthropic", SETTINGS)).isNotSameAs(dropped);
    }

    @Test
    void shouldDropTargetsNotInTheGivenUpstreams() {
        registry.of("ai", "openai", SETTINGS);
        registry.of("ai", "gone", SETTINGS);
        registry.of("old-upstream", "openai", SETTINGS);
        Upstream ai = new Upstream("ai", Algorithm.ROUND_ROBIN, SETTINGS, Timeouts.DEFAULTS, 2,
                List.of(target("openai"), target("new")), null, Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET);

        registry.retainTargetsOf(List.of(ai));

        assertThat(registry.snapshot()).containsOnlyKeys(new TargetKey("ai", "openai"));
    }

    @Test
    void shouldSnapshotEveryTargetSorted() {
        registry.of("b", "x", SETTINGS);
        registry.of("a", "y", SETTINGS).onFailure("timeout");
        registry.of("a", "x", SETTINGS);

        assertThat(registry.snapshot().keySet()).containsExactly(new TargetKey("a", "x"), new TargetKey("a", "y"),
                new TargetKey("b", "x"));
        assertThat(registry.snapshot().get(new TargetKey("a", "y")).lastFailureReason()).isEqualTo("timeout");
    }

    private static Target target(String name) {
        return new Target(name, Provider.OPENAI, new Endpoint("http", "localhost", 8080, ""), null, 1, 1,
                List.of(), null, null, null, null, null, null);
    }
}
