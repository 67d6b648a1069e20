package io.aigateway.operator.reconciler.rule;

import static io.aigateway.operator.reconciler.Fixtures.gateway;
import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIGatewayToAIRuleMapperTest {

    private final AIGatewayToAIRuleMapper mapper = new AIGatewayToAIRuleMapper(ListIndex.of(Indexes.RULE_GATEWAY,
            rule("ns", "chat", "gw", "svc"),
            rule("ns", "embed", "gw", "svc"),
            rule("ns", "other", "other-gw", "svc"),
            rule("other-ns", "chat", "gw", "svc")));

    @Test
    void shouldMapGatewayToTheRulesOfItsNamespaceThatNameIt() {
        assertThat(mapper.toPrimaryResourceIDs(gateway("ns", "gw")))
                .containsExactlyInAnyOrder(id("ns", "chat"), id("ns", "embed"));
    }

    @Test
    void shouldMapGatewayWithoutRulesToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(gateway("ns", "lonely"))).isEmpty();
    }
}
