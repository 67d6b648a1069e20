package io.aigateway.proxy.routing;

import static io.aigateway.proxy.routing.Fixtures.count;
import static io.aigateway.proxy.routing.Fixtures.runtimes;
import static io.aigateway.proxy.routing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.aigateway.model.Algorithm;
import io.aigateway.proxy.health.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TargetSelectorTest {

    private final FakeClock clock = new FakeClock();

    private static String sequence(TargetRuntime[] targets, TargetSelector selector, int picks) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < picks; i++) {
            out.append(targets[selector.pick(ExpectedTokens.NONE)].target().name());
        }
        return out.toString();
    }

    private static int longestRun(String picks) {
        int longest = 0;
        int run = 0;
        for (int i = 0; i < picks.length(); i++) {
            run = i > 0 && picks.charAt(i) == picks.charAt(i - 1) ? run + 1 : 1;
            longest = Math.max(longest, run);
        }
        return longest;
    }

    @Test
    void shouldSplitSixtyFortyExactlyAndInterleaved() {
        TargetRuntime[] t = runtimes(clock, target("A", 60, 1), target("B", 40, 1));
        TargetSelector wrr = new SmoothWeightedRoundRobinSelector(t);

        String picks = sequence(t, wrr, 10_000);

        assertThat(picks).startsWith("ABABAABABA");
        assertThat(picks.chars().filter(c -> c == 'A').count()).isEqualTo(6_000);
        assertThat(picks.chars().filter(c -> c == 'B').count()).isEqualTo(4_000);
        assertThat(longestRun(picks)).as("no bursts").isLessThanOrEqualTo(2);
    }

    @Test
    void shouldSplitSeventyTwentyTenExactlyOverEveryCycle() {
        TargetRuntime[] t = runtimes(clock, target("A", 70, 1), target("B", 20, 1), target("C", 10, 1));
        TargetSelector wrr = new SmoothWeightedRoundRobinSelector(t);

        String picks = sequence(t, wrr, 10_000);

        for (int cycle = 0; cycle < 1_000; cycle++) {
            String ten = picks.substring(cycle * 10, cycle * 10 + 10);
            assertThat(ten.chars().filter(c -> c == 'A').count()).as(ten).isEqualTo(7);
            assertThat(ten.chars().filter(c -> c == 'B').count()).as(ten).isEqualTo(2);
            assertThat(ten.chars().filter(c -> c == 'C').count()).as(ten).isEqualTo(1);
        }
        assertThat(longestRun(picks)).isLessThanOrEqualTo(3);
    }

    @Test
    void shouldShareAnUnavailableTargetsWeightByWeight() {
        TargetRuntime[] t = runtimes(clock, target("A", 50, 1), target("B", 30, 1), target("C", 20, 1));
        TargetSelector wrr = new SmoothWeightedRoundRobinSelector(t);
        t[0].health().onFailure("500");

        assertThat(count(t, wrr, 10_000)).isEqualTo(Map.of("B", 6_000, "C", 4_000));
        assertThat(wrr.pick(ExpectedTokens.NONE)).isNotNegative();
    }

    @Test
    void shouldDrawWeightedRandomWithinOnePercentagePoint() {
        // 100,000 draws: one standard deviation of a 60% share is 0.15 points, so 1 point is over 6 sigma, and
        // the seed makes it reproducible anyway.
        SplittableRandom seeded = new SplittableRandom(42);
        TargetRuntime[] two = runtimes(clock, target("A", 60, 1), target("B", 40, 1));
        Map<String, Integer> split = count(two, new WeightedRandomSelector(two, () -> seeded), 100_000);
        assertThat(split.get("A") / 1_000.0).isCloseTo(60.0, within(1.0));
        assertThat(split.get("B") / 1_000.0).isCloseTo(40.0, within(1.0));

        TargetRuntime[] three = runtimes(clock, target("A", 70, 1), target("B", 20, 1), target("C", 10, 1));
        Map<String, Integer> split3 = count(three, new WeightedRandomSelector(three, () -> seeded), 100_000);
        assertThat(split3.get("A") / 1_000.0).isCloseTo(70.0, within(1.0));
        assertThat(split3.get("B") / 1_000.0).isCloseTo(20.0, within(1.0));
        assertThat(split3.get("C") / 1_000.0).isCloseTo(10.0, within(1.0));
    }

    @Test
    void shouldNeverDrawAnUnavailableTargetAtRandom() {
        TargetRuntime[] t = runtimes(clock, target("A", 60, 1), target("B", 40, 1));
        t[1].health().onFailure("500");

        assertThat(count(t, new WeightedRandomSelector(t, () -> new SplittableRandom(1)), 1_000))
                .isEqualTo(Map.of("A", 1_000));
    }

    @Test
    void shouldRotateRoundRobinEvenlyWhateverTheWeights() {
        TargetRuntime[] t = runtimes(clock, target("A", 90, 1), target("B", 5, 1), target("C", 5, 1));
        TargetSelector rr = new RoundRobinSelector(t);

        String picks = sequence(t, rr, 9_000);

        assertThat(picks).startsWith("ABCABCABC");
        assertThat(count(t, rr, 9_000)).isEqualTo(Map.of("A", 3_000, "B", 3_000, "C", 3_000));
    }

    @Test
    void shouldRotateRoundRobinOverTheAvailableTargetsOnly() {
        TargetRuntime[] t = runtimes(clock, target("A", 1, 1), target("B", 1, 1), target("C", 1, 1));
        TargetSelector rr = new RoundRobinSelector(t);
        t[0].health().onFailure("500");

        assertThat(count(t, rr, 1_000)).isEqualTo(Map.of("B", 500, "C", 500));
    }

    @Test
    void shouldPickTheTargetWithTheFewestRequestsInFlight() {
        TargetRuntime[] t = runtimes(clock, target("A", 1, 1), target("B", 1, 1), target("C", 1, 1));
        inFlight(t[0], 3);
        inFlight(t[1], 1);
        inFlight(t[2], 2);
        TargetSelector lc = new LeastConnectionsSelector(t);

        assertThat(sequence(t, lc, 6)).isEqualTo("BBBBBB");

        t[1].health().onFailure("500");
        assertThat(sequence(t, lc, 3)).as("the idlest available").isEqualTo("CCC");
    }

    @Test
    void shouldRotateLeastConnectionsTies() {
        TargetRuntime[] t = runtimes(clock, target("A", 1, 1), target("B", 1, 1), target("C", 1, 1));
        TargetSelector lc = new LeastConnectionsSelector(t);

        assertThat(sequence(t, lc, 6)).isEqualTo("ABCABC");

        inFlight(t[0], 1);
        assertThat(count(t, lc, 1_000)).isEqualTo(Map.of("B", 500, "C", 500));
    }

    @Test
    void shouldFollowRequestsAsTheyStartAndFinish() {
        TargetRuntime[] t = runtimes(clock, target("A", 1, 1), target("B", 1, 1));
        TargetSelector lc = new LeastConnectionsSelector(t);

        for (int i = 0; i < 10; i++) {
            t[lc.pick(ExpectedTokens.NONE)].started();
        }
        assertThat(t[0].inFlight()).isEqualTo(5);
        assertThat(t[1].inFlight()).isEqualTo(5);
        t[1].finished();
        t[1].finished();
        assertThat(sequence(t, lc, 1)).isEqualTo("B");
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void shouldReportNoPickWhenNothingIsAvailable(Algorithm algorithm) {
        TargetRuntime[] t = runtimes(clock, target("A", 1, 1), target("B", 1, 1));
        t[0].health().onFailure("500");
        t[1].health().onFailure("500");

        assertThat(TargetSelector.forAlgorithm(algorithm, t).pick(ExpectedTokens.NONE)).isEqualTo(-1);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void shouldStaySaneUnderConcurrentPicks(Algorithm algorithm) throws Exception {
        TargetRuntime[] t = runtimes(clock, target("A", 60, 1), target("B", 40, 1));
        TargetSelector selector = TargetSelector.forAlgorithm(algorithm, t);
        int threads = 8;
        int each = 10_000;
        AtomicIntegerArray counts = new AtomicIntegerArray(t.length);
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    for (int n = 0; n < each; n++) {
                        int pick = selector.pick(ExpectedTokens.NONE);
                        t[pick].started();
                        counts.incrementAndGet(pick);
                        t[pick].finished();
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int total = threads * each;
        assertThat(counts.get(0) + counts.get(1)).isEqualTo(total);
        assertThat(t[0].inFlight()).isZero();
        assertThat(t[1].inFlight()).isZero();
        switch (algorithm) {
            case WEIGHTED_ROUND_ROBIN -> {
                assertThat(counts.get(0)).as("exact even under contention").isEqualTo(total * 6 / 10);
                assertThat(counts.get(1)).isEqualTo(total * 4 / 10);
            }
            case ROUND_ROBIN -> assertThat(counts.get(0)).isEqualTo(total / 2);
            case RANDOM -> assertThat(counts.get(0) * 100.0 / total).isCloseTo(60.0, within(2.0));
            case LEAST_CONNECTIONS, LOWEST_LATENCY -> assertThat(counts.get(0)).isPositive();
            case LOWEST_COST -> {
                assertThat(counts.get(0)).as("equal prices: by weight, exact").isEqualTo(total * 6 / 10);
                assertThat(counts.get(1)).isEqualTo(total * 4 / 10);
            }
        }
    }

    @Test
    void shouldOrderThePickFirstThenTheAvailableThenTheUnavailable() {
        TargetRuntime[] t = runtimes(clock, target("A", 1, 1), target("B", 1, 1), target("C", 1, 1),
                target("D", 1, 1), target("E", 1, 1));
        Candidates candidates = new Candidates(t, expected -> 2);
        t[3].health().onFailure("500");
        t[0].health().onFailure("500");

        assertThat(candidates.order(ExpectedTokens.NONE)).containsExactly(2, 4, 1, 3, 0);
    }

    private static void inFlight(TargetRuntime target, int requests) {
        for (int i = 0; i < requests; i++) {
            target.started();
        }
    }
}
