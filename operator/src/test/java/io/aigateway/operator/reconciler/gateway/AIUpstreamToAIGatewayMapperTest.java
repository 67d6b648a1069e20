package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static io.aigateway.operator.reconciler.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIUpstreamToAIGatewayMapperTest {

    private final AIUpstreamToAIGatewayMapper mapper = new AIUpstreamToAIGatewayMapper(
            ListIndex.of(Indexes.SERVICE_UPSTREAM,
                    service("ns", "chat", "providers"),
                    service("ns", "embed", "providers"),
                    service("ns", "unrouted", "providers"),
                    service("ns", "other", "other-upstream")),
            new AIServiceToAIGatewayMapper(ListIndex.of(Indexes.RULE_SERVICE,
                    rule("ns", "chat-rule", "gw-a", "chat"),
                    rule("ns", "embed-rule", "gw-b", "embed"),
                    rule("ns", "other-rule", "gw-c", "other"))));

    @Test
    void shouldMapUpstreamToTheGatewaysRoutingToItThroughServicesAndRules() {
        assertThat(mapper.toPrimaryResourceIDs(upstream("ns", "providers")))
                .containsExactlyInAnyOrder(id("ns", "gw-a"), id("ns", "gw-b"));
    }

    @Test
    void shouldMapUpstreamWithoutServicesToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(upstream("ns", "unused"))).isEmpty();
    }
}
