package io.aigateway.proxy.limits;

import io.aigateway.model.RateLimit;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Outcome;
import io.aigateway.proxy.limits.WindowCounters.Reservation;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One target's limits as this replica applies them: its {@code rateLimit} (requests and tokens per sliding minute
 * in the {@link WindowCounters}, shared by the replicas when the store is; requests in flight here), and a pause
 * while the provider's own headers say its budget is spent. A limited target is not unhealthy: nothing here
 * touches its health. Safe for concurrent use.
 */
public final class TargetLimits {

    public static final String PROVIDER = "provider";
    public static final String REQUESTS_PER_MINUTE = "requestsPerMinute";
    public static final String TOKENS_PER_MINUTE = "tokensPerMinute";
    public static final String CONCURRENT_REQUESTS = "concurrentRequests";
    /** The counters' scope of per-target limits. */
    static final String SCOPE = "target";
    /** A full concurrency limit frees up when a request ends, which nobody can tell in advance: a client's hint. */
    static final Duration SLOT_WAIT = Duration.ofSeconds(1);
    /** The admission of every attempt at a target without limits of its own, whose provider is not pausing it. */
    private static final Future<Admission> UNLIMITED = Future.succeededFuture(new Admission.Admitted(Permit.NONE));

    /**
     * What this replica sees of the target's room, for status: what is left of each limit it sets (null for a limit
     * not set), and how long the provider's budget stays spent (null when it is not).
     */
    public record Headroom(Long requestsLeft, Long tokensLeft, Integer concurrentLeft, Duration providerPausedFor,
            String providerPauseReason) {
    }

    private record Pause(Instant until, String reason) {
    }

    private final RateLimit settings;
    private final WindowCounters.Counter requestsCounter;
    private final WindowCounters.Counter tokensCounter;
    private final WindowCounters counters;
    private final Clock clock;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicReference<Pause> pause = new AtomicReference<>();

    /**
     * @param key the target's name in the counters, unique among targets
     * @param settings the target's limits; null when it sets none (only the provider's budget applies)
     */
    public TargetLimits(String key, RateLimit settings, WindowCounters counters, Clock clock) {
        this.settings = settings;
        this.requestsCounter = new WindowCounters.Counter(SCOPE, key + "/requests", Window.MINUTE);
        this.tokensCounter = new WindowCounters.Counter(SCOPE, key + "/tokens", Window.MINUTE);
        this.counters = counters;
        this.clock = clock;
    }

    RateLimit settings() {
        return settings;
    }

    /** Whether the counter belongs to this target. */
    boolean owns(WindowCounters.Counter counter) {
        return counter.equals(requestsCounter) || counter.equals(tokensCounter);
    }

    /**
     * Admits one request, holding a concurrency slot, counting the request and reserving {@code tokens} (its
     * prompt estimate plus completion budget) in one reserve, or says which limit stands in the way and for how
     * long. A store that fails to answer, or is unavailable, does not stop traffic: the request is admitted
     * uncounted.
     */
    public Future<Admission> admit(long tokens) {
        Pause p = pause.get();
        if (p != null) {
            Instant now = clock.instant();
            if (now.isBefore(p.until())) {
                return Future.succeededFuture(new Admission.Limited(PROVIDER, Duration.between(now, p.until())));
            }
        }
        if (settings == null) {
            return UNLIMITED;
        }
        boolean slot = settings.concurrentRequests() != null;
        if (slot && !tryHoldSlot(settings.concurrentRequests())) {
            return Future.succeededFuture(new Admission.Limited(CONCURRENT_REQUESTS, SLOT_WAIT));
        }
        List<Claim> claims = new ArrayList<>(2);
        if (settings.requestsPerMinute() != null) {
            claims.add(new Claim(REQUESTS_PER_MINUTE, requestsCounter, settings.requestsPerMinute(), 1));
        }
        if (settings.tokensPerMinute() != null) {
            claims.add(new Claim(TOKENS_PER_MINUTE, tokensCounter, settings.tokensPerMinute(), Math.max(1, tokens)));
        }
        if (claims.isEmpty()) {
            return Future.succeededFuture(new Admission.Admitted(new Permit(this, slot, null)));
        }
        return counters.reserve(claims).<Admission>map(outcome -> {
            if (outcome instanceof Outcome.Reserved reserved) {
                return new Admission.Admitted(new Permit(this, slot, reserved.reservation()));
            }
            undo(slot);
            return outcome instanceof Outcome.Refused refused
                    ? new Admission.Limited(refused.claim().limit(), refused.retryAfter())
                    : new Admission.Admitted(Permit.NONE);
        }).recover(storeFailed -> {
            undo(slot);
            return Future.succeededFuture(new Admission.Admitted(Permit.NONE));
        });
    }

    private boolean tryHoldSlot(int limit) {
        while (true) {
            int n = inFlight.get();
            if (n >= limit) {
                return false;
            }
            if (inFlight.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    private void undo(boolean slot) {
        if (slot) {
            releaseSlot();
        }
    }

    void releaseSlot() {
        inFlight.decrementAndGet();
    }

    /** The reservation's tokens become {@code used}; its request stays counted. */
    void settleTokens(Reservation reservation, long used) {
        counters.settle(reservation, claim -> claim.counter().equals(tokensCounter) ? used : claim.amount());
    }

    /** The tokens the reservation holds, 0 when the target counts none. */
    long reservedTokens(Reservation reservation) {
        return reservation.claims().stream().filter(c -> c.counter().equals(tokensCounter))
                .mapToLong(Claim::amount).sum();
    }

    /**
     * The provider said its budget is spent (a remaining count of 0, or a 429) for {@code duration}: no request is
     * sent to it until then. A longer pause already under way stands.
     *
     * @param reason what is spent, for status: the header that said so, or {@code 429}
     */
    public void pauseFor(Duration duration, String reason) {
        Instant until = clock.instant().plus(duration);
        pause.accumulateAndGet(new Pause(until, reason),
                (known, next) -> known != null && known.until().isAfter(next.until()) ? known : next);
    }

    public Future<Headroom> headroom() {
        Instant now = clock.instant();
        Pause p = pause.get();
        boolean paused = p != null && now.isBefore(p.until());
        Future<Long> requests = left(requestsCounter, settings == null ? null : settings.requestsPerMinute());
        Future<Long> tokens = left(tokensCounter, settings == null ? null : settings.tokensPerMinute());
        Integer concurrent = settings == null || settings.concurrentRequests() == null ? null
                : Math.max(0, settings.concurrentRequests() - inFlight.get());
        return Future.all(requests, tokens).map(counted -> new Headroom(requests.result(), tokens.result(),
                concurrent, paused ? Duration.between(now, p.until()) : null, paused ? p.reason() : null));
    }

    /** What is left under a limit; null when the limit is not set. */
    private Future<Long> left(WindowCounters.Counter counter, Number limit) {
        return limit == null ? Future.succeededFuture()
                : counters.count(counter).map(counted -> Math.max(0, limit.longValue() - counted));
    }
}
