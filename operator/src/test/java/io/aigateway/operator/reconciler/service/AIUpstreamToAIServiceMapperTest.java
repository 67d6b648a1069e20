package io.aigateway.operator.reconciler.service;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static io.aigateway.operator.reconciler.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIUpstreamToAIServiceMapperTest {

    private final AIUpstreamToAIServiceMapper mapper = new AIUpstreamToAIServiceMapper(
            ListIndex.of(Indexes.SERVICE_UPSTREAM,
                    service("ns", "chat", "providers"),
                    service("ns", "embed", "providers"),
                    service("ns", "other", "elsewhere"),
                    service("other-ns", "chat", "providers")));

    @Test
    void shouldMapUpstreamToTheServicesOfItsNamespaceThatNameIt() {
        assertThat(mapper.toPrimaryResourceIDs(upstream("ns", "providers")))
                .containsExactlyInAnyOrder(id("ns", "chat"), id("ns", "embed"));
    }

    @Test
    void shouldMapUnusedUpstreamToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(upstream("ns", "unused"))).isEmpty();
    }
}
