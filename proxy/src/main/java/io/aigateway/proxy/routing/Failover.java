package io.aigateway.proxy.routing;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request's walk over its attempt plan: tries the targets {@link Attempts} hands out one after another until
 * an attempt does not fail with an {@link AttemptFailure.Failed}, and fails with {@link TargetsFailed} when none is
 * left. An attempt that answered the client is never retried: it completes, or fails with something else. Runs on
 * the request's event loop; futures only.
 */
public final class Failover {

    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

    /** One request as failover drives it; implemented where requests are sent. */
    public interface Request {
        /**
         * Asked before each target is claimed: the failure to end the request with when no further attempt should
         * start (its client left), empty otherwise.
         */
        Optional<RuntimeException> abandoned();

        /** One attempt at the target: fails with {@link AttemptFailure.Failed} to have the next target tried. */
        Future<Void> attempt(TargetRuntime target);

        /** The request moves on from a failed target to the next one (for the failover metric). */
        void failingOver(AttemptFailure last, TargetRuntime next);
    }

    private final Attempts attempts;
    private final List<AttemptFailure> failures = new ArrayList<>(2);

    public Failover(Attempts attempts) {
        this.attempts = attempts;
    }

    public Future<Void> run(Request request) {
        Optional<RuntimeException> abandoned = request.abandoned();
        if (abandoned.isPresent()) {
            return Future.failedFuture(abandoned.get());
        }
        Optional<TargetRuntime> target = attempts.next();
        if (target.isEmpty()) {
            return Future.failedFuture(new TargetsFailed(failures));
        }
        if (!failures.isEmpty()) {
            request.failingOver(failures.get(failures.size() - 1), target.get());
        }
        return request.attempt(target.get()).recover(e -> {
            if (e instanceof AttemptFailure.Failed failed) {
                if (!failed.sent()) {
                    attempts.notSent(target.get());
                }
                failures.add(failed.failure());
                LOG.debug("{} failed: {}", target.get(), failed.failure().reason());
                return run(request);
            }
            return Future.failedFuture(e);
        });
    }
}
