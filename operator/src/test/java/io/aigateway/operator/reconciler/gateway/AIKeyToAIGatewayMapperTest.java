package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.key;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.reconciler.MovedReferenceEventSource;
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

    @Test
    void shouldMapKeyMovedToAnotherGatewayToTheGatewayItLeftToo() {
        AIKey before = key("ns", "team-a", "gw-a", null);
        AIKey after = key("ns", "team-a", "gw-b", null);

        assertThat(MovedReferenceEventSource.primariesLeft(mapper, before, after)).containsExactly(id("ns", "gw-a"));
        assertThat(mapper.toPrimaryResourceIDs(after)).containsExactly(id("ns", "gw-b"));
    }

    @Test
    void shouldMapKeyWhoseGatewayIsUnchangedOrRemovedToTheGatewaysItLeftOnly() {
        AIKey before = key("ns", "team-a", "gw-a", null);
        AIKey edited = key("ns", "team-a", "gw-a", "own-secret");
        AIKey unbound = key("ns", "team-a", "gw-a", null);
        unbound.getSpec().setGatewayRef(null);

        assertThat(MovedReferenceEventSource.primariesLeft(mapper, before, edited)).isEmpty();
        assertThat(MovedReferenceEventSource.primariesLeft(mapper, before, unbound)).containsExactly(id("ns", "gw-a"));
        assertThat(MovedReferenceEventSource.primariesLeft(mapper, unbound, before)).isEmpty();
    }
}
