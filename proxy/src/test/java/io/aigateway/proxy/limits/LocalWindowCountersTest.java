package io.aigateway.proxy.limits;

import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.proxy.limits.WindowCounters.Counter;
import org.junit.jupiter.api.Test;

class LocalWindowCountersTest extends WindowCountersContract {

    private final LocalWindowCounters store = new LocalWindowCounters(clock);

    @Override
    protected WindowCounters replica() {
        return store;
    }

    @Test
    void shouldForgetCountersNotRetained() {
        reserve(claim("requestsPerMinute", "a", Window.MINUTE, 1, 1));
        reserve(claim("requestsPerMinute", "b", Window.MINUTE, 1, 1));

        counters.retainOnly(c -> c.equals(new Counter("test", "a", Window.MINUTE)));

        assertThat(count("a", Window.MINUTE)).isEqualTo(1);
        assertThat(count("b", Window.MINUTE)).isZero();
    }
}
