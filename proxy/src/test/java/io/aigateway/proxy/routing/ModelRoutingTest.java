package io.aigateway.proxy.routing;

import static io.aigateway.proxy.routing.Fixtures.STRICT;
import static io.aigateway.proxy.routing.Fixtures.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.FakeClock;
import io.aigateway.proxy.health.HealthRegistry;
import io.aigateway.proxy.health.TestHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The planner with an upstream's model routes and mapping: which targets a requested model may go to. */
class ModelRoutingTest {

    private final FakeClock clock = new FakeClock();
    private final HealthRegistry registry = TestHealth.registry(clock);

    /** openai and azure in tier 1, anthropic in tier 1, backup (openai) in tier 2. */
    private static final List<Target> TARGETS = List.of(target("openai", 1, 1), target("azure", 1, 1),
            target("anthropic", 1, 1), target("backup", 1, 2));

    private TargetPlanner planner(Map<String, List<String>> routes, Map<String, Map<String, String>> mapping) {
        return new TargetPlanner(new Upstream("ai", Algorithm.ROUND_ROBIN, STRICT, Timeouts.DEFAULTS, 10, TARGETS,
                null, Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET, routes, mapping), registry);
    }

    private static List<String> all(Attempts attempts) {
        List<String> names = new ArrayList<>();
        for (var next = attempts.next(); next.isPresent(); next = attempts.next()) {
            names.add(next.get().target().name());
        }
        return names;
    }

    private static TargetRuntime runtime(TargetPlanner planner, String name) {
        return planner.targets().stream().filter(t -> t.target().name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void shouldSendARoutedModelOnlyToItsRoutesTargetsWithTiersAmongThem() {
        TargetPlanner p = planner(Map.of("gpt-4", List.of("backup", "openai", "azure"),
                "claude-3-opus", List.of("anthropic"), "default", List.of("openai")), Map.of());

        for (int request = 0; request < 4; request++) {
            List<String> tried = all(p.attempts("gpt-4"));
            assertThat(tried.subList(0, 2)).containsExactlyInAnyOrder("openai", "azure");
            assertThat(tried.get(2)).as("the worse tier last").isEqualTo("backup");
            assertThat(tried).hasSize(3);
        }
        assertThat(all(p.attempts("claude-3-opus"))).containsExactly("anthropic");
        assertThat(all(p.attempts("gpt-3.5-turbo"))).as("default").containsExactly("openai");
        assertThat(all(p.attempts(null))).as("no model: default").containsExactly("openai");
    }

    @Test
    void shouldBalanceARoutedModelWithTheAlgorithm() {
        TargetPlanner p = planner(Map.of("gpt-4", List.of("openai", "azure")), Map.of());

        List<String> firsts = new ArrayList<>();
        for (int request = 0; request < 4; request++) {
            firsts.add(all(p.attempts("gpt-4")).get(0));
        }

        assertThat(firsts).containsOnly("openai", "azure").contains("openai", "azure");
    }

    @Test
    void shouldRefuseAModelWithoutARouteWhenThereIsNoDefault() {
        TargetPlanner p = planner(Map.of("gpt-4", List.of("openai"), "claude-3-opus", List.of("anthropic")),
                Map.of());

        assertThatThrownBy(() -> p.attempts("llama-3")).isInstanceOf(ModelNotRouted.class)
                .hasMessage("The model 'llama-3' is not served here; models served: claude-3-opus, gpt-4.");
        assertThatThrownBy(() -> p.candidates("llama-3")).isInstanceOf(ModelNotRouted.class);
        assertThat(all(p.attempts(null))).as("nothing to route by: every target")
                .containsExactlyInAnyOrder("openai", "azure", "anthropic", "backup");
    }

    @Test
    void shouldSendAMappedNameOnlyToTheTargetsItMapsEachWithItsOwnModel() {
        TargetPlanner p = planner(Map.of(), Map.of("fast", Map.of("openai", "gpt-3.5-turbo",
                "anthropic", "claude-3-haiku-20240307")));

        for (int request = 0; request < 4; request++) {
            assertThat(all(p.attempts("fast"))).containsExactlyInAnyOrder("openai", "anthropic");
        }
        assertThat(runtime(p, "openai").modelFor("fast")).isEqualTo("gpt-3.5-turbo");
        assertThat(runtime(p, "anthropic").modelFor("fast")).isEqualTo("claude-3-haiku-20240307");
        assertThat(runtime(p, "openai").modelFor("gpt-4o")).as("other names as sent").isEqualTo("gpt-4o");
        assertThat(all(p.attempts("gpt-4o"))).as("other names: every target").hasSize(4);
    }

    @Test
    void shouldSendAMappedNameToTheTargetsBothItsRouteAndItsMappingName() {
        TargetPlanner p = planner(Map.of("gpt-4", List.of("openai", "azure"), "default", List.of("anthropic")),
                Map.of("gpt-4", Map.of("openai", "gpt-4-turbo-preview", "anthropic", "claude-3-opus-20240229"),
                        "fast", Map.of("openai", "gpt-3.5-turbo", "anthropic", "claude-3-haiku-20240307")));

        assertThat(all(p.attempts("gpt-4"))).containsExactly("openai");
        assertThat(all(p.attempts("fast"))).as("by the default route").containsExactly("anthropic");
        assertThat(p.routedModels()).containsExactly("fast", "gpt-4");
    }

    @Test
    void shouldTryOnlyARoutedTargetAsTheLastResort() {
        TargetPlanner p = planner(Map.of("gpt-4", List.of("openai", "azure")), Map.of());
        runtime(p, "openai").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "azure").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "anthropic").health().onFailure("500");
        clock.advanceSeconds(1);
        runtime(p, "backup").health().onFailure("500");

        assertThat(all(p.attempts("gpt-4"))).as("the least recently failed of the routed ones")
                .containsExactly("openai");
        assertThat(p.candidates("gpt-4")).extracting(t -> t.target().name()).containsExactly("openai", "azure");
    }
}
