package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIServiceToAIGatewayMapperTest {

    private final AIServiceToAIGatewayMapper mapper = new AIServiceToAIGatewayMapper(
            ListIndex.of(Indexes.RULE_SERVICE,
                    rule("ns", "chat", "gw-a", "svc"),
                    rule("ns", "chat-again", "gw-a", "svc"),
                    rule("ns", "chat-b", "gw-b", "svc"),
                    rule("ns", "other", "gw-c", "other-svc"),
                    rule("other-ns", "chat", "gw-d", "svc")));

    @Test
    void shouldMapServiceToTheGatewaysOfTheRulesThatNameIt() {
        assertThat(mapper.toPrimaryResourceIDs(service("ns", "svc", "up")))
                .containsExactlyInAnyOrder(id("ns", "gw-a"), id("ns", "gw-b"));
    }

    @Test
    void shouldMapServiceWithoutRulesToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(service("ns", "unused", "up"))).isEmpty();
    }
}
