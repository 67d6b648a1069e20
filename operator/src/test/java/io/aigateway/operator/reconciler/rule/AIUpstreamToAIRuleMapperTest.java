package io.aigateway.operator.reconciler.rule;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static io.aigateway.operator.reconciler.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIUpstreamToAIRuleMapperTest {

    private final AIUpstreamToAIRuleMapper mapper = new AIUpstreamToAIRuleMapper(
            ListIndex.of(Indexes.SERVICE_UPSTREAM,
                    service("ns", "chat", "providers"),
                    service("ns", "embed", "providers"),
                    service("ns", "other", "other-upstream")),
            new AIServiceToAIRuleMapper(ListIndex.of(Indexes.RULE_SERVICE,
                    rule("ns", "chat-rule", "gw", "chat"),
                    rule("ns", "embed-rule", "gw", "embed"),
                    rule("ns", "other-rule", "gw", "other"))));

    @Test
    void shouldMapUpstreamToTheRulesOfTheServicesThatNameIt() {
        assertThat(mapper.toPrimaryResourceIDs(upstream("ns", "providers")))
                .containsExactlyInAnyOrder(id("ns", "chat-rule"), id("ns", "embed-rule"));
    }

    @Test
    void shouldMapUpstreamWithoutServicesToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(upstream("ns", "unused"))).isEmpty();
    }
}
