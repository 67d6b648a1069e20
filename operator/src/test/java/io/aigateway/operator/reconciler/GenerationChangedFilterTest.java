package io.aigateway.operator.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIRule;
import org.junit.jupiter.api.Test;

class GenerationChangedFilterTest {

    private final GenerationChangedFilter<AIRule> filter = new GenerationChangedFilter<>();

    @Test
    void shouldPassSpecChange() {
        AIRule old = Fixtures.rule("ns", "chat", "gw", "svc");
        AIRule changed = Fixtures.rule("ns", "chat", "gw", "other-svc");
        changed.getMetadata().setGeneration(2L);
        assertThat(filter.accept(changed, old)).isTrue();
    }

    @Test
    void shouldDropStatusOnlyChange() {
        AIRule old = Fixtures.rule("ns", "chat", "gw", "svc");
        AIRule statusPatched = Fixtures.rule("ns", "chat", "gw", "svc");
        statusPatched.getMetadata().setResourceVersion("2");
        assertThat(filter.accept(statusPatched, old)).isFalse();
    }
}
