package io.aigateway.operator.reconciler.key;

import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.key;
import static io.aigateway.operator.reconciler.Fixtures.secret;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class SecretToAIKeyMapperTest {

    private final SecretToAIKeyMapper mapper = new SecretToAIKeyMapper(ListIndex.of(Indexes.KEY_SECRET,
            key("ns", "team-a", "gw", "shared"),
            key("ns", "team-b", "other-gw", "shared"),
            key("ns", "generated", "gw", null),
            key("other-ns", "team-a", "gw", "shared")));

    @Test
    void shouldMapSecretToTheKeysOfItsNamespaceThatNameIt() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "shared")))
                .containsExactlyInAnyOrder(id("ns", "team-a"), id("ns", "team-b"));
    }

    @Test
    void shouldMapGeneratedSecretToTheKeyItWasGeneratedFor() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "generated-client-key")))
                .containsExactly(id("ns", "generated"));
    }

    @Test
    void shouldMapUnrelatedSecretToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "team-a-client-key"))).isEmpty();
    }
}
