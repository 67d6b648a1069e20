package io.aigateway.operator.reconciler.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.UnsupportedFields;
import io.aigateway.model.Upstream;
import io.aigateway.model.UsageLimits;
import io.aigateway.operator.reconciler.Fixtures;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The proxy's Role grants each right by name, following the written config. */
class ProxyRoleTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void shouldLetTheProxyPatchTheStatusOfTheKeysWithLimitsOrABudgetOnly() {
        RoutingConfig config = config(List.of("chat"), List.of(
                new ClientKey("unlimited", SHA, null),
                new ClientKey("team-b", SHA, null, new UsageLimits(null, null, 1_000L, null), null),
                new ClientKey("team-a", SHA, null, null, new Budget(BigDecimal.TEN, Budget.Period.MONTH))));

        assertThat(ProxyObjects.role(Fixtures.gateway("ns", "gw"), config).getRules())
                .extracting(ProxyRoleTest::describe).containsExactly(
                        "[] configmaps [get, list, watch] [gw-routing]",
                        "[] secrets [get, list, watch] [gw-credentials]",
                        "[aigateway.io] aiupstreams [get] [chat]",
                        "[aigateway.io] aiupstreams/status [patch] [chat]",
                        "[aigateway.io] aikeys/status [patch] [team-a, team-b]");
    }

    @Test
    void shouldGrantNoKeyStatusWhenNoKeyIsCounted() {
        RoutingConfig config = config(List.of(), List.of(new ClientKey("unlimited", SHA, null)));

        // A rule without resourceNames would grant every AIKey of the namespace.
        assertThat(ProxyObjects.role(Fixtures.gateway("ns", "gw"), config).getRules())
                .extracting(ProxyRoleTest::describe).containsExactly(
                        "[] configmaps [get, list, watch] [gw-routing]",
                        "[] secrets [get, list, watch] [gw-credentials]");
    }

    private static RoutingConfig config(List<String> upstreams, List<ClientKey> keys) {
        Target target = new Target("t", Provider.OPENAI, new Endpoint("https", "api.openai.com", 443, "/v1"), null, 1,
                1, List.of(), null, Map.of(), Map.of(), null, null, null);
        return new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "r", "gw", "ns", List.of(), List.of(), 1024,
                List.of(), List.of(), upstreams.stream().map(name -> new Upstream(name, Algorithm.ROUND_ROBIN,
                        new HealthChecks(true, 3, 60), Timeouts.DEFAULTS, 1, List.of(target),
                        UnsupportedFields.REFUSE, 8)).toList(), keys, null);
    }

    private static String describe(PolicyRule rule) {
        return rule.getApiGroups() + " " + String.join(",", rule.getResources()) + " " + rule.getVerbs() + " "
                + rule.getResourceNames();
    }
}
