package io.aigateway.proxy.routing;

import static io.aigateway.proxy.routing.Fixtures.costing;
import static io.aigateway.proxy.routing.Fixtures.runtimes;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Cost;
import io.aigateway.proxy.health.FakeClock;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class LowestCostSelectorTest {

    private final FakeClock clock = new FakeClock();
    /** Cheap prompts, dear answers. */
    private final TargetRuntime[] t = runtimes(clock, costing(new Cost(0.001, 0.1), "cheap-in", 1, 1),
            costing(new Cost(0.01, 0.02), "cheap-out", 1, 1));
    private final LowestCostSelector selector = new LowestCostSelector(t);

    private String pick(ExpectedTokens expected) {
        return t[selector.pick(expected)].target().name();
    }

    @Test
    void shouldPickTheCheapestForTheRequestsExpectedTokens() {
        // 1,000 prompt tokens: cheap-in costs 0.001 + out * 0.0001, cheap-out 0.01 + out * 0.00002; even at 112.5.
        assertThat(pick(new ExpectedTokens(1_000, 10))).isEqualTo("cheap-in");
        assertThat(pick(new ExpectedTokens(1_000, 100))).isEqualTo("cheap-in");
        assertThat(pick(new ExpectedTokens(1_000, 200))).isEqualTo("cheap-out");
        assertThat(pick(new ExpectedTokens(1_000, 4_000))).isEqualTo("cheap-out");
    }

    @Test
    void shouldPickTheNextCheapestWhenTheCheapestIsUnavailable() {
        t[0].health().onFailure("500");

        assertThat(pick(new ExpectedTokens(1_000, 10))).isEqualTo("cheap-out");
    }

    @Test
    void shouldShareEqualPricesByWeight() {
        TargetRuntime[] same = runtimes(clock, costing(new Cost(0.01, 0.03), "a", 3, 1),
                costing(new Cost(0.01, 0.03), "b", 1, 1), costing(new Cost(0.02, 0.03), "dear", 100, 1));
        LowestCostSelector equal = new LowestCostSelector(same);
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < 400; i++) {
            counts.merge(same[equal.pick(new ExpectedTokens(500, 500))].target().name(), 1, Integer::sum);
        }

        assertThat(counts).containsExactly(Map.entry("a", 300), Map.entry("b", 100));
    }

    @Test
    void shouldEstimatePromptTokensFromTheBodyAndTheAnswerFromItsCap() {
        assertThat(ExpectedTokens.of(4_001, 300L)).isEqualTo(new ExpectedTokens(1_001, 300));
        assertThat(ExpectedTokens.of(400, null)).isEqualTo(new ExpectedTokens(100, ExpectedTokens.DEFAULT_OUTPUT));
        assertThat(ExpectedTokens.of(400, 0L).output()).isEqualTo(ExpectedTokens.DEFAULT_OUTPUT);
        assertThat(new ExpectedTokens(2_000, 500).price(0.01, 0.03)).isEqualTo(0.035, org.assertj.core.api
                .Assertions.within(1e-12));
    }
}
