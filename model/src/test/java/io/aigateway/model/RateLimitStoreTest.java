package io.aigateway.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateLimitStoreTest {

    @ParameterizedTest
    @ValueSource(strings = {"redis://redis:6379", "rediss://redis.cache.svc.cluster.local:6380", "redis://redis",
            "redis://10.0.0.7:6379", "redis://[::1]:6379"})
    void shouldAcceptAHostAndPortUrl(String address) {
        assertThat(RateLimitStore.addressProblem(address)).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "http://redis:6379|must start with redis:// or rediss://",
            "redis:6379|must start with redis:// or rediss://",
            "redis://redis:6379/2|scheme, host and port only; set the database with database",
            "redis://redis:6379?db=2|scheme, host and port only",
            "redis://redis:99999|port out of range",
            "redis://redis:port|has no host",
            "redis://re dis:6379|is not a URL"})
    void shouldNameWhatIsWrongWithAnAddress(String address, String problem) {
        assertThat(RateLimitStore.addressProblem(address)).contains(problem);
    }

    @Test
    void shouldNeverQuoteTheUserInfoOfAnAddress() {
        assertThat(RateLimitStore.addressProblem("redis://:s3cret@redis:6379"))
                .contains("must not hold a user or password").doesNotContain("s3cret");
        assertThat(RateLimitStore.addressProblem("redis://u:s3 cret@redis")).doesNotContain("s3 cret");
    }

    @Test
    void shouldRefuseADatabaseOutOfRangeAndAUserWithoutPassword() {
        assertThatThrownBy(() -> new RateLimitStore("redis://r", 16, null, null, RateLimitStore.FailMode.OPEN, 250))
                .hasMessageContaining("rateLimitStore.database must be between 0 and 15, was 16");
        assertThatThrownBy(() -> new RateLimitStore("redis://r", 0, "u", null, RateLimitStore.FailMode.OPEN, 250))
                .hasMessageContaining("usernameEntry needs a passwordEntry");
    }

    @Test
    void shouldTellTlsFromTheScheme() {
        assertThat(new RateLimitStore("rediss://r", 0, null, null, RateLimitStore.FailMode.OPEN, 250).tls()).isTrue();
        assertThat(new RateLimitStore("redis://r", 0, null, null, RateLimitStore.FailMode.OPEN, 250).tls()).isFalse();
    }
}
