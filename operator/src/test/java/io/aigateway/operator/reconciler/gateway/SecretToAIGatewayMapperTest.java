package io.aigateway.operator.reconciler.gateway;

import static io.aigateway.operator.reconciler.Fixtures.apiKey;
import static io.aigateway.operator.reconciler.Fixtures.id;
import static io.aigateway.operator.reconciler.Fixtures.key;
import static io.aigateway.operator.reconciler.Fixtures.rule;
import static io.aigateway.operator.reconciler.Fixtures.secret;
import static io.aigateway.operator.reconciler.Fixtures.service;
import static io.aigateway.operator.reconciler.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.RateLimitStoreSpec;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.reconciler.Fixtures;
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
                    key("ns", "generated", "gw-generated", null)),
            ListIndex.of(Indexes.GATEWAY_SECRETS, redisGateway("gw-redis", "redis-auth", "redis-user"),
                    redisGateway("gw-redis-2", "redis-auth", null), Fixtures.gateway("ns", "gw-local")));

    private static AIGateway redisGateway(String name, String passwordSecret, String usernameSecret) {
        AIGateway gateway = Fixtures.gateway("ns", name);
        RateLimitStoreSpec store = new RateLimitStoreSpec();
        store.setType("redis");
        store.setAddress("redis://redis:6379");
        store.setPasswordSecretRef(new SecretKeyRef(passwordSecret, "password"));
        if (usernameSecret != null) {
            store.setUsernameSecretRef(new SecretKeyRef(usernameSecret, "username"));
        }
        gateway.getSpec().setRateLimitStore(store);
        return gateway;
    }

    @Test
    void shouldMapRateLimitStoreSecretsToTheGatewaysWhoseStoreReadsThem() {
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "redis-auth")))
                .containsExactlyInAnyOrder(id("ns", "gw-redis"), id("ns", "gw-redis-2"));
        assertThat(mapper.toPrimaryResourceIDs(secret("ns", "redis-user"))).containsExactly(id("ns", "gw-redis"));
        assertThat(mapper.toPrimaryResourceIDs(secret("other-ns", "redis-auth"))).isEmpty();
    }

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
