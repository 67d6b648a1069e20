package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIKey;
import org.junit.jupiter.api.Test;

class AIKeyToAIGatewayMapperTest {

    private final AIKeyToAIGatewayMapper mapper = new AIKeyToAIGatewayMapper();

    @Test
    void shouldMapKeyToTheGatewayItNamesInItsNamespace() {
        assertThat(mapper.toPrimaryResourceIDs(key("ns", "team-a", "gw", null))).containsExactly(id("ns", "gw"));
    }

    @Test
    void shouldMapKeyWithoutGatewayRefToNothing() {
        AIKey aiKey = key("ns", "team-a", "gw", null);
        aiKey.getSpec().setGatewayRef(null);
        assertThat(mapper.toPrimaryResourceIDs(aiKey)).isEmpty();
    }
}
