package io.aigateway.proxy.routing;

import static io.aigateway.proxy.routing.Fixtures.name;
import static io.aigateway.proxy.routing.Fixtures.target;
import static io.aigateway.proxy.routing.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.FakeClock;
import io.aigateway.proxy.health.HealthRegistry;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.health.TestHealth;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class TargetPlannerTest {

    private final FakeClock clock = new FakeClock();
    private final HealthRegistry registry = TestHealth.registry(clock);

    private TargetPlanner planner(Upstream upstream) {
        return new TargetPlanner(upstream, registry);
    }

    private static List<String> all(Attempts attempts) {
        List<String> names = new ArrayList<>();
        for (var next = attempts.next(); next.isPresent(); next = attempts.next()) {
            names.add(next.get().target().name());
        }
        return names;
    }

    private TargetRuntime runtime(TargetPlanner planner, String name) {
        return planner.targets().stream().filter(t -> t.target().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldUseTheBetterTierFirstAndEachTargetOnce() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 10,
                target("C", 1, 2), target("A", 1, 1), target("D", 1, 3), target("B", 1, 1)));

        for (int request = 0; request < 10; request++) {
            List<String> tried = all(p.attempts(null));
            assertThat(tried).hasSize(4).doesNotHaveDuplicates();
            assertThat(tried.subList(0, 2)).containsExactlyInAnyOrder("A", "B");
            assertThat(tried.subList(2, 4)).containsExactly("C", "D");
        }
    }

    @Test
    void shouldBalanceWithinTheBestTierOnly() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 3,
                target("A", 1, 1), target("B", 1, 1), target("C", 1, 2)));

        Map<String, Integer> firsts = new TreeMap<>();
        for (int i = 0; i < 1_000; i++) {
            firsts.merge(name(p.attempts(null).next()), 1, Integer::sum);
        }

        assertThat(firsts).isEqualTo(Map.of("A", 500, "B", 500));
    }

    @Test
    void shouldGoToTheNextTierWhenTheBetterTierIsUnhealthy() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 3,
                target("A", 1, 1), target("B", 1, 1), target("C", 1, 2)));
        runtime(p, "A").health().onFailure("500");
        runtime(p, "B").health().onFailure("connect");

        assertThat(all(p.attempts(null))).containsExactly("C");
    }

    @Test
    void shouldGoToTheNextTierWhenABlockedTargetLeavesItEmpty() {
        TargetPlanner p = planner(upstream(Algorithm.WEIGHTED_ROUND_ROBIN, 3, target("A", 1, 1), target("B", 1, 2)));
        runtime(p, "A").health().pauseFor(Duration.ofSeconds(5));

        assertThat(all(p.attempts(null))).containsExactly("B");
        clock.advanceSeconds(60);
        assertThat(all(p.attempts(null))).as("A back, then B").containsExactly("A", "B");
    }

    @Test
    void shouldStopAfterMaxAttempts() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 2,
                target("A", 1, 1), target("B", 1, 1), target("C", 1, 2), target("D", 1, 2)));

        Attempts attempts = p.attempts(null);

        assertThat(attempts.next()).isPresent();
        assertThat(attempts.next()).isPresent();
        assertThat(attempts.next()).isEmpty();
        assertThat(attempts.next()).isEmpty();
    }

    @Test
    void shouldNotCountTargetsSkippedAtTheirLimitsAgainstMaxAttempts() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 2,
                target("A", 1, 1), target("B", 1, 2), target("C", 1, 3), target("D", 1, 4)));

        Attempts attempts = p.attempts(null);
        List<String> sent = new ArrayList<>();
        for (var next = attempts.next(); next.isPresent(); next = attempts.next()) {
            String name = next.get().target().name();
            if (name.equals("A") || name.equals("B")) {
                attempts.notSent(next.get());
            } else {
                sent.add(name);
            }
        }

        assertThat(sent).as("A and B were at their limits: two targets were still sent the request")
                .containsExactly("C", "D");
    }

    @Test
    void shouldGiveBackTheHalfOpenTrialOfATargetThatWasNotSent() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 2, target("A", 1, 1), target("B", 1, 2)));
        runtime(p, "A").health().onFailure("500");
        clock.advanceSeconds(60);

        Attempts first = p.attempts(null);
        TargetRuntime trial = first.next().orElseThrow();
        assertThat(trial.target().name()).as("A half-open: its one trial").isEqualTo("A");
        first.notSent(trial);

        assertThat(name(p.attempts(null).next())).as("the trial is A's to hand out again").isEqualTo("A");
    }

    @Test
    void shouldStopWhenEveryTargetWasTriedBeforeMaxAttempts() {
        TargetPlanner p = planner(upstream(Algorithm.LEAST_CONNECTIONS, 5, target("A", 1, 1), target("B", 1, 1)));

        assertThat(all(p.attempts(null))).hasSize(2).doesNotHaveDuplicates();
    }

    @Test
    void shouldPreferTargetsServingTheModelWithinATier() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 5,
                target("gpt", 1, 1, "gpt-4o-mini", "gpt-4"), target("claude", 1, 1, "claude-3-5-sonnet"),
                target("any", 1, 2)));

        for (int i = 0; i < 5; i++) {
            assertThat(all(p.attempts("claude-3-5-sonnet"))).containsExactly("claude", "gpt", "any");
            assertThat(all(p.attempts("gpt-4"))).containsExactly("gpt", "claude", "any");
        }
    }

    @Test
    void shouldNotLetAWorseTierServingTheModelJumpAheadOfABetterTier() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 5,
                target("gpt", 1, 1, "gpt-4"), target("claude", 1, 2, "claude-3-5-sonnet")));

        assertThat(all(p.attempts("claude-3-5-sonnet"))).containsExactly("gpt", "claude");
    }

    @Test
    void shouldTreatATargetListingNoModelsAsServingAny() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 5,
                target("gpt", 1, 1, "gpt-4"), target("any", 1, 1)));

        assertThat(all(p.attempts("llama-3"))).containsExactly("any", "gpt");
        assertThat(all(p.attempts(null))).containsExactly("any", "gpt");
        Map<String, Integer> firsts = new TreeMap<>();
        for (int i = 0; i < 100; i++) {
            firsts.merge(name(p.attempts("gpt-4").next()), 1, Integer::sum);
        }
        assertThat(firsts).isEqualTo(Map.of("any", 50, "gpt", 50));
    }

    @Test
    void shouldBalanceAmongTheTargetsServingTheModel() {
        TargetPlanner p = planner(upstream(Algorithm.WEIGHTED_ROUND_ROBIN, 3,
                target("A", 60, 1, "m"), target("other", 100, 1, "n"), target("B", 40, 1, "m")));

        Map<String, Integer> firsts = new TreeMap<>();
        for (int i = 0; i < 1_000; i++) {
            firsts.merge(name(p.attempts("m").next()), 1, Integer::sum);
        }

        assertThat(firsts).isEqualTo(Map.of("A", 600, "B", 400));
    }

    @Test
    void shouldSplitSixtyFortyExactlyThroughThePlanner() {
        TargetPlanner p = planner(upstream(Algorithm.WEIGHTED_ROUND_ROBIN, 2, target("A", 60, 1), target("B", 40, 1)));

        StringBuilder picks = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            picks.append(name(p.attempts(null).next()));
        }

        assertThat(picks).startsWith("ABABAABABA");
        assertThat(picks.chars().filter(c -> c == 'A').count()).isEqualTo(6_000);
        assertThat(picks.toString()).doesNotContain("AAA").doesNotContain("BB");
    }

    @Test
    void shouldDrawRandomByWeightThroughThePlanner() {
        SplittableRandom seeded = new SplittableRandom(7);
        TargetPlanner p = new TargetPlanner(upstream(Algorithm.RANDOM, 1,
                target("A", 70, 1), target("B", 20, 1), target("C", 10, 1)), registry, () -> seeded);

        Map<String, Integer> firsts = new TreeMap<>();
        for (int i = 0; i < 100_000; i++) {
            firsts.merge(name(p.attempts(null).next()), 1, Integer::sum);
        }

        assertThat(firsts.get("A") / 1_000.0).isCloseTo(70.0, within(1.0));
        assertThat(firsts.get("B") / 1_000.0).isCloseTo(20.0, within(1.0));
        assertThat(firsts.get("C") / 1_000.0).isCloseTo(10.0, within(1.0));
    }

    @Test
    void shouldSendTheNextRequestToTheIdlestTarget() {
        TargetPlanner p = planner(upstream(Algorithm.LEAST_CONNECTIONS, 1, target("A", 1, 1), target("B", 1, 1)));

        TargetRuntime first = p.attempts(null).next().orElseThrow();
        first.started();
        TargetRuntime second = p.attempts(null).next().orElseThrow();
        second.started();
        second.started();

        assertThat(second).isNotSameAs(first);
        assertThat(p.attempts(null).next()).contains(first);
        first.started();
        first.started();
        assertThat(p.attempts(null).next()).contains(second);
    }

    @Test
    void shouldGiveATrialToOneOfManyConcurrentRequests() throws Exception {
        TargetPlanner p = planner(upstream(Algorithm.LEAST_CONNECTIONS, 1, target("A", 1, 1), target("B", 1, 2)));
        runtime(p, "A").health().onFailure("500");
        clock.advanceSeconds(60);
        int threads = 8;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<String>> picks = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                picks.add(pool.submit(() -> {
                    start.await();
                    return name(p.attempts(null).next());
                }));
            }
            Map<String, Integer> firsts = new TreeMap<>();
            for (Future<String> pick : picks) {
                firsts.merge(pick.get(10, TimeUnit.SECONDS), 1, Integer::sum);
            }
            assertThat(firsts).isEqualTo(Map.of("A", 1, "B", threads - 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldNotClaimATrialForATargetThatIsPlannedButNotReached() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 3, target("A", 1, 1), target("B", 1, 2)));
        TargetHealth b = runtime(p, "B").health();
        b.onFailure("500");
        clock.advanceSeconds(60);

        assertThat(name(p.attempts(null).next())).isEqualTo("A");

        assertThat(b.tryAcquire()).as("B's trial is still free").isTrue();
    }

    @Test
    void shouldGiveAnUnhealthyTargetsTrialToOneRequestOnly() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 3, target("A", 1, 1), target("B", 1, 2)));
        runtime(p, "A").health().onFailure("500");
        clock.advanceSeconds(60);

        assertThat(name(p.attempts(null).next())).as("the trial").isEqualTo("A");
        assertThat(name(p.attempts(null).next())).isEqualTo("B");
        assertThat(name(p.attempts(null).next())).isEqualTo("B");

        runtime(p, "A").health().onSuccess();
        assertThat(name(p.attempts(null).next())).isEqualTo("A");
    }

    @Test
    void shouldStillTryTheLeastRecentlyFailedTargetWhenAllAreUnhealthy() {
        TargetPlanner p = planner(upstream(Algorithm.WEIGHTED_ROUND_ROBIN, 3,
                target("A", 1, 1), target("B", 1, 1), target("C", 1, 2)));
        runtime(p, "C").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "B").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "A").health().pauseFor(Duration.ofSeconds(30));

        Attempts attempts = p.attempts(null);

        assertThat(name(attempts.next())).isEqualTo("C");
        assertThat(attempts.next()).as("only that one").isEmpty();

        runtime(p, "C").health().onFailure("500");
        assertThat(all(p.attempts(null))).containsExactly("B");
    }

    @Test
    void shouldHandOutOnlyTheTargetsAbleToServeTheRequest() {
        TargetPlanner p = planner(upstream(Algorithm.ROUND_ROBIN, 3,
                target("A", 1, 1), target("B", 1, 1), target("C", 1, 2)));
        Predicate<TargetRuntime> notA = t -> !t.target().name().equals("A");

        for (int request = 0; request < 4; request++) {
            assertThat(all(p.attempts(null, notA, ExpectedTokens.NONE))).containsExactly("B", "C");
        }
        runtime(p, "C").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "B").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "A").health().onFailure("500");
        assertThat(all(p.attempts(null, notA, ExpectedTokens.NONE))).as("the last resort is an able target too").containsExactly("C");
    }

    @Test
    void shouldKeepHealthAcrossAReloadOfTheSameUpstream() {
        Upstream config = upstream(Algorithm.ROUND_ROBIN, 2, target("A", 1, 1), target("B", 1, 1));
        TargetPlanner before = planner(config);
        runtime(before, "A").health().onFailure("500");

        TargetPlanner after = planner(config);

        assertThat(runtime(after, "A").health()).isSameAs(runtime(before, "A").health());
        assertThat(all(after.attempts(null))).containsExactly("B");
    }
}
