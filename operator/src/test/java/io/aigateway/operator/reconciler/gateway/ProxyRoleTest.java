package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.operator.reconciler.Fixtures;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy's Role grants each right by name. */
class ProxyRoleTest {

    @Test
    void shouldLetTheProxyPatchTheStatusOfTheCountedKeysByName() {
        assertThat(ProxyObjects.role(Fixtures.gateway("ns", "gw"), List.of("chat"), List.of("team-b", "team-a"), false,
                List.of())
                .getRules()).extracting(ProxyRoleTest::describe).containsExactly(
                        "[] configmaps [get, list, watch] [gw-routing]",
                        "[] secrets [get, list, watch] [gw-credentials]",
                        "[aigateway.io] aiupstreams [get] [chat]",
                        "[aigateway.io] aiupstreams/status [patch] [chat]",
                        "[aigateway.io] aikeys/status [patch] [team-a, team-b]");
    }

    @Test
    void shouldGrantNoKeyStatusWhenNoKeyIsCounted() {
        // A rule without resourceNames would grant every AIKey of the namespace.
        assertThat(ProxyObjects.role(Fixtures.gateway("ns", "gw"), List.of(), List.of(), false, List.of()).getRules())
                .extracting(ProxyRoleTest::describe).containsExactly(
                        "[] configmaps [get, list, watch] [gw-routing]",
                        "[] secrets [get, list, watch] [gw-credentials]");
    }

    @Test
    void shouldLetTheProxyReadItsGatewayAndPatchItsStatusWithASharedStore() {
        assertThat(ProxyObjects.role(Fixtures.gateway("ns", "gw"), List.of(), List.of(), true, List.of()).getRules())
                .extracting(ProxyRoleTest::describe).containsExactly(
                        "[] configmaps [get, list, watch] [gw-routing]",
                        "[] secrets [get, list, watch] [gw-credentials]",
                        "[aigateway.io] aigateways [get] [gw]",
                        "[aigateway.io] aigateways/status [patch] [gw]");
    }

    @Test
    void shouldLetTheProxyGetTheShardsOfItsConfigByName() {
        assertThat(ProxyObjects.role(Fixtures.gateway("ns", "gw"), List.of(), List.of(), false,
                List.of("gw-routing-bbbb", "gw-routing-aaaa")).getRules())
                .extracting(ProxyRoleTest::describe).containsExactly(
                        "[] configmaps [get, list, watch] [gw-routing]",
                        "[] configmaps [get] [gw-routing-aaaa, gw-routing-bbbb]",
                        "[] secrets [get, list, watch] [gw-credentials]");
    }

    private static String describe(PolicyRule rule) {
        return rule.getApiGroups() + " " + String.join(",", rule.getResources()) + " " + rule.getVerbs() + " "
                + rule.getResourceNames();
    }
}
