package io.aigateway.operator.reconciler.key;

import static io.aigateway.operator.reconciler.Fixtures.gateway;
import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class AIGatewayToAIKeyMapperTest {

    private final AIGatewayToAIKeyMapper mapper = new AIGatewayToAIKeyMapper(ListIndex.of(Indexes.KEY_GATEWAY,
            key("ns", "team-a", "gw", "team-a-secret"),
            key("ns", "team-b", "gw", null),
            key("ns", "team-c", "other-gw", null),
            key("other-ns", "team-a", "gw", null)));

    @Test
    void shouldMapGatewayToTheKeysOfItsNamespaceThatNameIt() {
        assertThat(mapper.toPrimaryResourceIDs(gateway("ns", "gw")))
                .containsExactlyInAnyOrder(id("ns", "team-a"), id("ns", "team-b"));
    }

    @Test
    void shouldMapGatewayWithoutKeysToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(gateway("ns", "lonely"))).isEmpty();
    }
}
