package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.apiKey;
import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.key;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static io.aigateway.operator.reconciler.Fixtures.secret;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static io.aigateway.operator.reconciler.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ListIndex;
import org.junit.jupiter.api.Test;

class SecretToAIGatewayMapperTest {

    private final SecretToAIGatewayMapper mapper = new SecretToAIGatewayMapper(
            ListIndex.of(Indexes.UPSTREAM_SECRETS,
                    upstream("ns", "providers", apiKey("provider-keys")),
                    upstream("ns", "spare", apiKey("spare-keys"))),
            new AIUpstreamToAIGatewayMapper(
                    ListIndex.of(Indexes.SERVICE_UPSTREAM, service("ns", "chat", "providers")),
                    new AIServiceToAIGatewayMapper(ListIndex.of(Indexes.RULE_SERVICE,
                            rule("ns", "chat-rule", "gw-upstream", "chat")))),
            ListIndex.of(Indexes.KEY_SECRET,
                    key("ns", "team-a", "gw-key", "team-a-key"),
                    key("ns", "team-b", "gw-key-2", "provider-keys"),
                    key("ns", "generated", "gw-generated", null)));

    @Test
    void shouldMapProviderSecretToTheGatewaysRoutingToUpstreamsThatUseIt() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "provider-keys")))
                .containsExactlyInAnyOrder(id("ns", "gw-upstream"), id("ns", "gw-key-2"));
    }

    @Test
    void shouldMapClientKeySecretToTheGatewayOfTheKey() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "team-a-key"))).containsExactly(id("ns", "gw-key"));
    }

    @Test
    void shouldMapGeneratedKeySecretToTheGatewayOfTheKey() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "generated-client-key")))
                .containsExactly(id("ns", "gw-generated"));
    }

    @Test
    void shouldMapSecretOfUnroutedUpstreamOrOtherNamespaceToNothing() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "spare-keys"))).isEmpty();
        assertThat(mapper.toPrimaryResourceIDs(secret("other-ns", "provider-keys"))).isEmpty();
    }
}
