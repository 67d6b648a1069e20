package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aigateway.model.RateLimitStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreSettingsTest {

    @Test
    void shouldTakeRedisAndRedissAddressesWithDefaults() {
        RedisStoreSettings plain = RedisStoreSettings.of("redis://redis.cache:6379");
        assertThat(plain.tls()).isFalse();
        assertThat(plain.timeout()).isEqualTo(RedisStoreSettings.DEFAULT_TIMEOUT);
        assertThat(plain.lease()).isEqualTo(RedisStoreSettings.DEFAULT_LEASE);
        assertThat(plain.failMode()).isEqualTo(RateLimitStore.FailMode.OPEN);

        assertThat(RedisStoreSettings.of("rediss://redis.cache:6380").tls()).isTrue();
    }

    @Test
    void shouldRefuseAnAddressCarryingCredentialsWithoutRepeatingThem() {
        assertThatThrownBy(() -> RedisStoreSettings.of("redis://user:hunter2@redis.cache:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not hold a user or password").hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseWhatIsNoRedisAddress() {
        assertThatThrownBy(() -> RedisStoreSettings.of("http://redis.cache:6379"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must start with redis://");
        assertThatThrownBy(() -> new RedisStoreSettings("redis://h:1", 0, null, null, Duration.ZERO, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldTakeTheGatewaysCompiledStoreWithItsCredentials() {
        RedisStoreSettings settings = RedisStoreSettings.of(new RateLimitStore("rediss://redis.cache:6380", 2,
                "redis-user", "redis-password", RateLimitStore.FailMode.CLOSED, 400), "limits", "hunter2");

        assertThat(settings).isEqualTo(new RedisStoreSettings("rediss://redis.cache:6380", 2, "limits", "hunter2",
                Duration.ofMillis(400), RateLimitStore.FailMode.CLOSED, RedisStoreSettings.DEFAULT_LEASE));
        assertThat(settings.tls()).isTrue();
    }

    @Test
    void shouldNeverShowThePasswordInItsText() {
        RedisStoreSettings settings = new RedisStoreSettings("redis://h:1", 2, "limits", "hunter2", null, null, null);

        assertThat(settings.toString()).contains("user=limits", "password=***").doesNotContain("hunter2");
    }
}
