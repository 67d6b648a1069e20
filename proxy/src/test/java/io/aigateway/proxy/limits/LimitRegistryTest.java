package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Algorithm;
import io.aigateway.model.RateLimit;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.HealthRegistry.TargetKey;
import io.aigateway.proxy.support.Configs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LimitRegistryTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalWindowCounters counters = new LocalWindowCounters(clock);
    private final LimitRegistry registry = new LimitRegistry(counters, clock);

    private static Upstream upstream(RateLimit aLimit, String... others) {
        List<Target> targets = new ArrayList<>();
        targets.add(Configs.withRateLimit(Configs.target("a", 1), aLimit));
        for (String other : others) {
            targets.add(Configs.target(other, 2));
        }
        return Configs.upstream("u", Algorithm.ROUND_ROBIN, targets.toArray(Target[]::new));
    }


    private TargetLimits.Headroom headroom(String target) {
        return registry.snapshot().result().get(new TargetKey("u", target));
    }

    @Test
    void shouldShowTheRoomOfEveryServedTargetBeforeAnyRequest() {
        registry.serve(List.of(upstream(new RateLimit(10, null, null), "b")));

        assertThat(headroom("a").requestsLeft()).isEqualTo(10);
        assertThat(headroom("b").requestsLeft()).isNull();
    }

    @Test
    void shouldKeepTheCountsAcrossAReloadAndUnderChangedLimits() {
        Upstream first = upstream(new RateLimit(10, null, null));
        registry.serve(List.of(first));
        registry.of("u", first.targets().get(0)).admit(0).result();

        registry.serve(List.of(upstream(new RateLimit(10, null, null), "b")));
        assertThat(headroom("a").requestsLeft()).isEqualTo(9);

        registry.serve(List.of(upstream(new RateLimit(20, null, null))));
        assertThat(headroom("a").requestsLeft()).isEqualTo(19);
    }

    @Test
    void shouldForgetATargetThatLeftTheConfigAndItsCounts() {
        Upstream first = upstream(new RateLimit(10, null, null), "b");
        registry.serve(List.of(first));
        registry.of("u", first.targets().get(0)).admit(0).result();

        registry.serve(List.of(Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.target("b", 2))));
        assertThat(registry.snapshot().result()).containsOnlyKeys(new TargetKey("u", "b"));

        registry.serve(List.of(upstream(new RateLimit(10, null, null))));
        assertThat(headroom("a").requestsLeft()).as("counted afresh").isEqualTo(10);
    }

    @Test
    void shouldForgetNoCounterOfAnotherScopeInTheSameStore() {
        WindowCounters.Counter keyCounter = new WindowCounters.Counter("key", "team-a/requests", Window.DAY);
        counters.reserve(List.of(new WindowCounters.Claim("requestsPerDay", keyCounter, 10, 1))).result();

        registry.serve(List.of(upstream(new RateLimit(10, null, null))));

        assertThat(counters.count(keyCounter).result()).isEqualTo(1);
    }
}
