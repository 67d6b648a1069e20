package io.aigateway.proxy.health;

import io.aigateway.model.HealthChecks;

/** Health objects on a fake clock, for tests in other packages. */
public final class TestHealth {

    private TestHealth() {
    }

    public static HealthRegistry registry(FakeClock clock) {
        return new HealthRegistry(clock, (key, phase) -> { });
    }

    public static TargetHealth health(HealthChecks settings, FakeClock clock) {
        return new TargetHealth(settings, clock, phase -> { });
    }
}
