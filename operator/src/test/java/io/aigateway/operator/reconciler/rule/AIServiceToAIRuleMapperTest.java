package io.aigateway.operator.reconciler.rule;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIServiceToAIRuleMapperTest {

    private final AIServiceToAIRuleMapper mapper = new AIServiceToAIRuleMapper(ListIndex.of(Indexes.RULE_SERVICE,
            rule("ns", "chat", "gw", "svc"),
            rule("ns", "chat-b", "other-gw", "svc"),
            rule("ns", "other", "gw", "other-svc"),
            rule("other-ns", "chat", "gw", "svc")));

    @Test
    void shouldMapServiceToTheRulesOfItsNamespaceThatNameItWhateverTheirGateway() {
        assertThat(mapper.toPrimaryResourceIDs(service("ns", "svc", "up")))
                .containsExactlyInAnyOrder(id("ns", "chat"), id("ns", "chat-b"));
    }

    @Test
    void shouldMapUnusedServiceToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(service("ns", "unused", "up"))).isEmpty();
    }
}
