package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Algorithm;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.RoutingConfig;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Outcome;
import io.aigateway.proxy.support.Configs;
import io.aigateway.proxy.support.KeyLimitConfigs;
import io.vertx.core.Vertx;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RateLimitStoresTest {

    private final Vertx vertx = Vertx.vertx();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LocalWindowCounters local = new LocalWindowCounters(clock);
    private final RateLimitStores stores = new RateLimitStores(vertx, clock, local);
    private final Claim daily = new Claim("tokensPerDay", UsageCounters.tokens("key", "team-a", Window.DAY), 1_000,
            100);

    @AfterEach
    void close() {
        stores.close();
        vertx.close();
    }

    private static RoutingConfig config(RateLimitStore store) {
        return KeyLimitConfigs.config("gw", Configs.keys(), null, store,
                Configs.upstream("u", Algorithm.ROUND_ROBIN, Configs.target("a", 1000)));
    }

    private static RateLimitStore redis(int timeoutMillis) {
        // Nothing listens there: the store is built lazily and never asked.
        return new RateLimitStore("redis://127.0.0.1:1", 0, null, "rateLimitStore.password",
                RateLimitStore.FailMode.OPEN, timeoutMillis);
    }

    @Test
    void shouldKeepTheStoreAndItsCountsWhenAReloadLeavesItsSettingsAlone() {
        stores.serve(config(null), Map.of());
        stores.reserve(List.of(daily)).result();
        stores.serve(config(null), Map.of());

        assertThat(stores.current()).isSameAs(local);
        assertThat(stores.count(daily.counter()).result()).isEqualTo(100);
        assertThat(stores.available()).isTrue();
    }

    @Test
    void shouldSwapTheStoreWhenItsSettingsOrPasswordChangeAndSettleWhereTheReservationWasMade() {
        Outcome.Reserved reserved = (Outcome.Reserved) stores.reserve(List.of(daily)).result();

        stores.serve(config(redis(250)), Map.of("rateLimitStore.password", "one"));
        WindowCounters first = stores.current();
        assertThat(first).isInstanceOf(RedisWindowCounters.class);
        stores.serve(config(redis(250)), Map.of("rateLimitStore.password", "one"));
        assertThat(stores.current()).as("same settings").isSameAs(first);
        stores.serve(config(redis(250)), Map.of("rateLimitStore.password", "two"));
        assertThat(stores.current()).as("a new password").isNotSameAs(first).isInstanceOf(RedisWindowCounters.class);

        stores.settle(reserved.reservation(), claim -> 40).result();
        stores.settle(reserved.reservation(), claim -> 40).result();
        assertThat(local.count(daily.counter()).result()).as("settled once, in the local store").isEqualTo(40);

        stores.serve(config(null), Map.of());
        assertThat(stores.current()).isSameAs(local);
    }
}
