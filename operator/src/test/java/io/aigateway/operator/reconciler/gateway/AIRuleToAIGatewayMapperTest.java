package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.reconciler.MovedReferenceEventSource;
import org.junit.jupiter.api.Test;

class AIRuleToAIGatewayMapperTest {

    private final AIRuleToAIGatewayMapper mapper = new AIRuleToAIGatewayMapper();

    @Test
    void shouldMapRuleToTheGatewayItNamesInItsNamespace() {
        assertThat(mapper.toPrimaryResourceIDs(rule("ns", "chat", "gw", "svc"))).containsExactly(id("ns", "gw"));
    }

    @Test
    void shouldMapRuleWithoutGatewayRefToNothing() {
        AIRule rule = rule("ns", "chat", "gw", "svc");
        rule.getSpec().setGatewayRef(null);
        assertThat(mapper.toPrimaryResourceIDs(rule)).isEmpty();
        rule.setSpec(null);
        assertThat(mapper.toPrimaryResourceIDs(rule)).isEmpty();
    }

    @Test
    void shouldMapRuleMovedToAnotherGatewayToTheGatewayItLeftToo() {
        AIRule before = rule("ns", "chat", "gw-a", "svc");
        AIRule after = rule("ns", "chat", "gw-b", "svc");

        assertThat(MovedReferenceEventSource.primariesLeft(mapper, before, after)).containsExactly(id("ns", "gw-a"));
        assertThat(MovedReferenceEventSource.primariesLeft(mapper, before, rule("ns", "chat", "gw-a", "other")))
                .isEmpty();
    }
}
