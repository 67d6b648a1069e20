package io.aigateway.proxy.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.RateLimitStore;
import io.aigateway.proxy.limits.RedisWindowCounters;
import io.aigateway.proxy.support.LogCapture;
import io.aigateway.proxy.support.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link KeyLimitsIT} with the counters in Redis, as the config's {@code rateLimitStore} names it: the proxy builds
 * the store from the config and the password from the credentials Secret's entry.
 */
class RedisKeyLimitsIT extends KeyLimitsIT {

    private static final String PASSWORD = "redis-pass-7f3a";
    private static RedisServer redis;
    private LogCapture logs;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.start("--requirepass", PASSWORD);
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @BeforeEach
    void captureLogs() {
        logs = LogCapture.start();
    }

    /** Runs before the proxy is closed. */
    @AfterEach
    void checkTheStore() {
        try {
            if (h != null && h.proxy.currentConfig().config().rateLimitStore() != null) {
                assertThat(h.proxy.rateLimitStore().current()).isInstanceOf(RedisWindowCounters.class);
                assertThat(h.proxy.rateLimitStore().available()).isTrue();
                assertThat(logs.text()).contains("Rate-limit store: RedisStoreSettings[address=" + redis.address())
                        .doesNotContain(PASSWORD);
            }
        } finally {
            logs.close();
        }
    }

    @Override
    protected RateLimitStore sharedStore(Map<String, String> credentials) {
        credentials.put("rateLimitStore.password", PASSWORD);
        return new RateLimitStore(redis.address(), 0, null, "rateLimitStore.password",
                RateLimitStore.FailMode.CLOSED, 5_000);
    }
}
