package io.aigateway.proxy.support;

import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.Service;
import io.aigateway.model.Upstream;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.auth.ClientKeyIndex;
import java.util.List;

/** Routing configs whose client keys and rule {@code chat} have usage limits, for the ITs of key admission. */
public final class KeyLimitConfigs {

    public static final String TEAM_A = "sk-team-a-secret";
    public static final String TEAM_B = "sk-team-b-secret";
    /** A key without limits or budget. */
    public static final String FREE = "sk-free-secret";

    private KeyLimitConfigs() {
    }

    /** Key {@code team-a} with these limits and budget, {@code team-b} with {@code teamB}, {@code free} with none. */
    public static List<ClientKey> keys(UsageLimits teamA, Budget budget, UsageLimits teamB) {
        return List.of(new ClientKey("team-a", ClientKeyIndex.sha256Hex(TEAM_A), null, teamA, budget),
                new ClientKey("team-b", ClientKeyIndex.sha256Hex(TEAM_B), null, teamB, null),
                new ClientKey("free", ClientKeyIndex.sha256Hex(FREE), null));
    }

    /**
     * Gateway {@code gateway} (the namespace of its counters in a shared store) with rule {@code chat} on
     * {@code /v1}, limited by {@code ruleLimits}, to {@code upstream}; counting in {@code store} (null: local).
     */
    public static RoutingConfig config(String gateway, List<ClientKey> keys, UsageLimits ruleLimits,
            RateLimitStore store, Upstream upstream) {
        return new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "rev-" + System.nanoTime(), gateway, "default",
                List.of(), List.of(new ClientKeyHeader("Authorization", "Bearer"), new ClientKeyHeader("x-api-key",
                        null)), 10L * 1024 * 1024, List.of(new Route("chat", "/v1", List.of(), false, true, "svc",
                        null, ruleLimits)), List.of(new Service("svc", upstream.name())), List.of(upstream), keys,
                null, store);
    }
}
