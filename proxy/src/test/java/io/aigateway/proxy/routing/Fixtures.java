package io.aigateway.proxy.routing;

import io.aigateway.model.Algorithm;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.health.FakeClock;
import io.aigateway.proxy.health.TestHealth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

final class Fixtures {

    /** One failure takes a target out for 60 s. */
    static final HealthChecks STRICT = new HealthChecks(true, 1, 60);

    private Fixtures() {
    }

    static Target target(String name, int weight, int priority, String... models) {
        return new Target(name, Provider.OPENAI, new Endpoint("http", name + ".local", 8080, ""), null, weight,
                priority, List.of(models), models.length == 0 ? null : models[0], null, null, null, null, null);
    }

    static Upstream upstream(Algorithm algorithm, int maxAttempts, Target... targets) {
        return new Upstream("ai", algorithm, STRICT, Timeouts.DEFAULTS, maxAttempts, List.of(targets), null,
                Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET);
    }

    /** Runtimes for a bare selector test, healthy, on the given clock. */
    static TargetRuntime[] runtimes(FakeClock clock, Target... targets) {
        TargetRuntime[] out = new TargetRuntime[targets.length];
        for (int i = 0; i < targets.length; i++) {
            out[i] = new TargetRuntime("ai", targets[i], TestHealth.health(STRICT, clock),
                    Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET, Map.of());
        }
        return out;
    }

    static Map<String, Integer> count(TargetRuntime[] targets, TargetSelector selector, int picks) {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < picks; i++) {
            counts.merge(targets[selector.pick()].target().name(), 1, Integer::sum);
        }
        return counts;
    }

    static String name(java.util.Optional<TargetRuntime> target) {
        return target.map(t -> t.target().name()).orElse("-");
    }
}
