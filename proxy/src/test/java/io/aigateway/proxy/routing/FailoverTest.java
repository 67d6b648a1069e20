package io.aigateway.proxy.routing;

import static io.aigateway.proxy.routing.Fixtures.target;
import static io.aigateway.proxy.routing.Fixtures.upstream;
import static org.assertj.core.api.Assertions.assertThat;

import io.aigateway.model.Algorithm;
import io.aigateway.proxy.health.FakeClock;
import io.aigateway.proxy.health.TestHealth;
import io.aigateway.proxy.routing.AttemptFailure.Cause;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FailoverTest {

    private final TargetPlanner planner = new TargetPlanner(upstream(Algorithm.ROUND_ROBIN, 3,
            target("a", 1, 1), target("b", 1, 1), target("c", 1, 2)), TestHealth.registry(new FakeClock()));

    /** Fails on the targets named, answers on the others; records what failover asked. */
    private static final class Scripted implements Failover.Request {
        private final Set<String> failing;
        final List<String> tried = new ArrayList<>();
        final List<String> failovers = new ArrayList<>();
        boolean gone;
        /** When set, what every attempt fails with instead. */
        RuntimeException fatal;

        Scripted(String... failing) {
            this.failing = Set.of(failing);
        }

        @Override
        public Optional<RuntimeException> abandoned() {
            return gone ? Optional.of(new IllegalStateException("gone")) : Optional.empty();
        }

        @Override
        public Future<Void> attempt(TargetRuntime target) {
            String name = target.target().name();
            tried.add(name);
            if (fatal != null) {
                return Future.failedFuture(fatal);
            }
            if (failing.contains(name)) {
                return Future.failedFuture(new AttemptFailure.Failed(new AttemptFailure(name, Cause.STATUS, "503",
                        503, null)));
            }
            return Future.succeededFuture();
        }

        @Override
        public void failingOver(AttemptFailure last, TargetRuntime next) {
            failovers.add(last.target() + "->" + next.target().name());
        }
    }

    @Test
    void shouldTryTheNextTargetUntilOneAnswers() {
        Scripted request = new Scripted("a", "b");

        Future<Void> done = new Failover(planner.attempts(null)).run(request);

        assertThat(done.succeeded()).isTrue();
        assertThat(request.tried).containsExactly("a", "b", "c");
        assertThat(request.failovers).containsExactly("a->b", "b->c");
    }

    @Test
    void shouldFailWithEveryTargetTriedInOrderWhenNoneAnswers() {
        Scripted request = new Scripted("a", "b", "c");

        Future<Void> done = new Failover(planner.attempts(null)).run(request);

        assertThat(done.cause()).isInstanceOf(TargetsFailed.class)
                .hasMessage("No target could serve the request: a: 503; b: 503; c: 503");
    }

    @Test
    void shouldStopWhenTheClientLeftOrAnAttemptFailsForGood() {
        Scripted request = new Scripted("a", "b");
        request.gone = true;
        assertThat(new Failover(planner.attempts(null)).run(request).cause()).hasMessage("gone");
        assertThat(request.tried).isEmpty();

        Scripted refused = new Scripted();
        refused.fatal = new IllegalArgumentException("bad request");
        assertThat(new Failover(planner.attempts(null)).run(refused).cause()).hasMessage("bad request");
        assertThat(refused.tried).hasSize(1);
    }
}
