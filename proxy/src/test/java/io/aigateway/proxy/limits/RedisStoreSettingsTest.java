package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisStoreSettingsTest {

    @Test
    void shouldTakeRedisAndRedissAddressesWithDefaults() {
        RedisStoreSettings plain = RedisStoreSettings.of("redis://redis.cache:6379");
        assertThat(plain.tls()).isFalse();
        assertThat(plain.timeout()).isEqualTo(RedisStoreSettings.DEFAULT_TIMEOUT);
        assertThat(plain.lease()).isEqualTo(RedisStoreSettings.DEFAULT_LEASE);
        assertThat(plain.failMode()).isEqualTo(RedisStoreSettings.FailMode.OPEN);

        assertThat(RedisStoreSettings.of("rediss://redis.cache:6380").tls()).isTrue();
    }

    @Test
    void shouldRefuseAnAddressCarryingCredentialsWithoutRepeatingThem() {
        assertThatThrownBy(() -> RedisStoreSettings.of("redis://user:hunter2@redis.cache:6379"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no credentials").hasMessageNotContaining("hunter2");
    }

    @Test
    void shouldRefuseWhatIsNoRedisAddress() {
        assertThatThrownBy(() -> RedisStoreSettings.of("http://redis.cache:6379"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("redis://host:port");
        assertThatThrownBy(() -> new RedisStoreSettings("redis://h:1", 0, null, null, Duration.ZERO, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNeverShowThePasswordInItsText() {
        RedisStoreSettings settings = new RedisStoreSettings("redis://h:1", 2, "limits", "hunter2", null, null, null);

        assertThat(settings.toString()).contains("user=limits", "password=***").doesNotContain("hunter2");
    }
}
