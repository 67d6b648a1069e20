package io.aigateway.cli.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.cli.TestPaths;
import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.cli.resources.ResourceLoader;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.HttpMethod;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The scenarios of samples/ do what their comments and the docs say: valid against the schema is not enough (a
 * weight on a round-robin upstream is valid, and ignored).
 */
class SamplesConsistencyTest {

    /** The algorithms that read {@code weight}; the others ignore it (docs/troubleshooting.md, "Traffic not spread as expected"). */
    private static final Set<String> WEIGHTED_ALGORITHMS = Set.of("weighted-round-robin", "random");

    @TestFactory
    Stream<DynamicTest> shouldSetWeightsOnlyWhereTheAlgorithmReadsThem() throws IOException {
        return perScenario(resources -> {
            for (AIUpstream upstream : ofKind(resources, AIUpstream.class)) {
                String algorithm = upstream.getSpec().getAlgorithm();
                if (!WEIGHTED_ALGORITHMS.contains(algorithm)) {
                    assertThat(upstream.getSpec().getTargets()).as("targets of %s (algorithm %s) with a weight",
                                    upstream.getMetadata().getName(), algorithm)
                            .filteredOn(target -> target.getWeight() != null)
                            .extracting(TargetSpec::getName).isEmpty();
                }
            }
        });
    }

    /** Every scenario serves chat completions (POST) and the model list, {@code GET …/models}. */
    @TestFactory
    Stream<DynamicTest> shouldAllowTheMethodsOfChatAndTheModelList() throws IOException {
        return perScenario(resources -> {
            List<AIRule> rules = ofKind(resources, AIRule.class);
            assertThat(rules).isNotEmpty();
            for (AIRule rule : rules) {
                assertThat(rule.getSpec().getMethods()).as("methods of AIRule %s", rule.getMetadata().getName())
                        .contains(HttpMethod.POST, HttpMethod.GET);
            }
        });
    }

    private interface ScenarioCheck {
        void check(List<LoadedResource> resources) throws Exception;
    }

    private static Stream<DynamicTest> perScenario(ScenarioCheck check) throws IOException {
        List<Path> scenarios = TestPaths.scenarios();
        assertThat(scenarios).isNotEmpty();
        return scenarios.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(),
                () -> check.check(new ResourceLoader("default").load(List.of(dir)).resources())));
    }

    private static <T> List<T> ofKind(List<LoadedResource> resources, Class<T> kind) {
        return resources.stream().map(LoadedResource::resource).filter(kind::isInstance).map(kind::cast).toList();
    }
}
