package io.aigateway.proxy.limits;

import io.aigateway.model.Budget;
import io.aigateway.model.ClientKey;
import io.aigateway.model.Cost;
import io.aigateway.model.UsageLimits;
import io.aigateway.proxy.limits.WindowCounters.Claim;
import io.aigateway.proxy.limits.WindowCounters.Outcome;
import io.aigateway.proxy.limits.WindowCounters.Room;
import io.vertx.core.Future;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A request's claims on its client key's limits and budget and on its rule's limits, reserved in one call to the
 * store before the request is sent: one request on each {@code requestsPerMinute}, the expected tokens on each
 * token limit, the expected price on the budget. {@link Reserved#settle} then replaces them with what the answer
 * reported, or {@link Reserved#release} gives them back when the request used nothing.
 */
public final class UsageAdmission {

    /** What a limit counts: the {@code x-ratelimit-*} headers speak of requests and tokens; budgets have none. */
    public enum Measure { REQUESTS, TOKENS, SPENT }

    /**
     * One limit of the request: its claim, what it counts, and its name in the refusal metric. A limit not
     * {@code enforced} only counts, for the key's status (its claim's max is never reached), and is in no header.
     */
    public record Limit(Claim claim, Measure measure, String label, boolean enforced) {
        Limit(Claim claim, Measure measure, String label) {
            this(claim, measure, label, true);
        }
    }

    /** What the store said: {@link Reserved}, or why not. */
    public sealed interface Decision {
        /** Not admitted: {@code limit} is full for {@code retryAfter}. */
        record Refused(Limit limit, Duration retryAfter) implements Decision {
        }

        /** The store could not be reached and its fail mode is {@code closed}. */
        record Unavailable() implements Decision {
        }
    }

    private final List<Limit> limits;

    private UsageAdmission(List<Limit> limits) {
        this.limits = limits;
    }

    /** Whether a request with this key on a rule with these limits claims anything: else it costs the store nothing. */
    public static boolean applies(ClientKey key, UsageLimits ruleLimits) {
        return key.counted() || ruleLimits != null;
    }

    /**
     * The claims of a request with this key on this rule, expected to use {@code input} prompt and {@code output}
     * completion tokens at {@code cost} (the most expensive target it may be sent to; null for none priced). For a
     * request that {@link #applies}.
     */
    public static UsageAdmission of(ClientKey key, String rule, UsageLimits ruleLimits, long input, long output,
            Cost cost) {
        List<Limit> limits = new ArrayList<>();
        long tokens = Math.max(1, input + output);
        add(limits, UsageCounters.KEY_SCOPE, key.name(), key.limits(), tokens);
        if (key.counted()) {
            countForStatus(limits, key, tokens);
        }
        add(limits, UsageCounters.RULE_SCOPE, rule, ruleLimits, tokens);
        Budget budget = key.budget();
        if (budget != null) {
            Window window = budget.period() == Budget.Period.DAY ? Window.DAY : Window.MONTH;
            long max = budget.amount().movePointRight(6).setScale(0, RoundingMode.CEILING).longValueExact();
            limits.add(new Limit(new Claim("budget of key " + key.name() + " (per " + window.name().toLowerCase()
                    + ")", UsageCounters.spent(key.name(), window), max, spentMicros(cost, input, output)),
                    Measure.SPENT, "key.budget"));
        }
        return new UsageAdmission(List.copyOf(limits));
    }

    /**
     * The counters a counted key's status shows ({@link UsageCounters#showsMinute}, the day always,
     * {@link UsageCounters#showsMonth}) that none of its limits counts already: counted, never refusing.
     */
    private static void countForStatus(List<Limit> limits, ClientKey key, long tokens) {
        UsageLimits l = key.limits();
        String name = key.name();
        if (UsageCounters.showsMinute(key) && l.requestsPerMinute() == null) {
            limits.add(unenforced(UsageCounters.requests(UsageCounters.KEY_SCOPE, name), Measure.REQUESTS, 1));
        }
        if (UsageCounters.showsMinute(key) && l.tokensPerMinute() == null) {
            limits.add(unenforced(UsageCounters.tokens(UsageCounters.KEY_SCOPE, name, Window.MINUTE), Measure.TOKENS,
                    tokens));
        }
        if (l == null || l.tokensPerDay() == null) {
            limits.add(unenforced(UsageCounters.tokens(UsageCounters.KEY_SCOPE, name, Window.DAY), Measure.TOKENS,
                    tokens));
        }
        if (UsageCounters.showsMonth(key) && (l == null || l.tokensPerMonth() == null)) {
            limits.add(unenforced(UsageCounters.tokens(UsageCounters.KEY_SCOPE, name, Window.MONTH), Measure.TOKENS,
                    tokens));
        }
    }

    private static Limit unenforced(WindowCounters.Counter counter, Measure measure, long amount) {
        return new Limit(new Claim("usage", counter, Long.MAX_VALUE, amount), measure, "usage", false);
    }

    private static void add(List<Limit> limits, String scope, String name, UsageLimits l, long tokens) {
        if (l == null) {
            return;
        }
        String whose = " of " + scope + " " + name;
        if (l.requestsPerMinute() != null) {
            limits.add(new Limit(new Claim("requestsPerMinute" + whose, UsageCounters.requests(scope, name),
                    l.requestsPerMinute(), 1), Measure.REQUESTS, scope + ".requestsPerMinute"));
        }
        tokens(limits, scope, name, "tokensPerMinute", Window.MINUTE, l.tokensPerMinute(), tokens);
        tokens(limits, scope, name, "tokensPerDay", Window.DAY, l.tokensPerDay(), tokens);
        tokens(limits, scope, name, "tokensPerMonth", Window.MONTH, l.tokensPerMonth(), tokens);
    }

    private static void tokens(List<Limit> limits, String scope, String name, String limit, Window window, Long max,
            long tokens) {
        if (max != null) {
            limits.add(new Limit(new Claim(limit + " of " + scope + " " + name,
                    UsageCounters.tokens(scope, name, window), max, tokens), Measure.TOKENS, scope + "." + limit));
        }
    }

    /**
     * What {@code input} prompt and {@code output} completion tokens cost at {@code cost} per 1,000, in millionths
     * of the unit, rounded up; 0 at a target without a cost.
     */
    public static long spentMicros(Cost cost, long input, long output) {
        if (cost == null) {
            return 0;
        }
        double units = input / 1000.0 * cost.inputPer1k() + output / 1000.0 * cost.outputPer1k();
        return (long) Math.ceil(units * UsageCounters.MICROS_PER_UNIT);
    }

    /** The most expensive of these costs for the expected tokens; null when none is set. */
    public static Cost mostExpensive(Collection<Cost> costs, long input, long output) {
        Cost most = null;
        for (Cost c : costs) {
            if (c != null && (most == null || spentMicros(c, input, output) > spentMicros(most, input, output))) {
                most = c;
            }
        }
        return most;
    }

    public List<Limit> limits() {
        return limits;
    }

    /**
     * Reserves every claim in one call: the reservation, or why not. A store that fails to answer (not an outage
     * its fail mode decides on, which it answers itself) admits the request uncounted, as per-target limits do.
     */
    public Future<Decision> reserve(WindowCounters store) {
        List<Claim> claims = limits.stream().map(Limit::claim).toList();
        return store.reserve(claims).<Decision>map(outcome -> {
            if (outcome instanceof Outcome.Reserved reserved) {
                return new Reserved(store, reserved.reservation(), reserved.room(), limits);
            }
            if (outcome instanceof Outcome.Refused refused) {
                Limit limit = limits.stream().filter(l -> l.claim().equals(refused.claim())).findFirst()
                        .orElseThrow();
                return new Decision.Refused(limit, refused.retryAfter());
            }
            return new Decision.Unavailable();
        }).recover(failed -> Future.succeededFuture(Reserved.NONE));
    }

    /**
     * An admitted request's hold on its limits, settled or released once (whatever calls it again). Used on the
     * request's event loop.
     */
    public static final class Reserved implements Decision {
        /** Admitted uncounted: the store failed to answer. */
        static final Reserved NONE = new Reserved(null, null, List.of(), List.of());

        private final WindowCounters store;
        private final WindowCounters.Reservation reservation;
        private final List<Room> room;
        private final List<Limit> limits;
        private boolean done;

        private Reserved(WindowCounters store, WindowCounters.Reservation reservation, List<Room> room,
                List<Limit> limits) {
            this.store = store;
            this.reservation = reservation;
            this.room = room;
            this.limits = limits;
            this.done = reservation == null;
        }

        /** What the reservation left of each limit, in the order of {@link #limits}. */
        public List<Room> room() {
            return room;
        }

        public List<Limit> limits() {
            return limits;
        }

        /** The answer used {@code input} and {@code output} tokens at a target of {@code cost} (null: free). */
        public void settle(long input, long output, Cost cost) {
            if (done) {
                return;
            }
            done = true;
            long tokens = input + output;
            long spent = spentMicros(cost, input, output);
            store.settle(reservation, claim -> switch (measure(claim)) {
                case REQUESTS -> claim.amount();
                case TOKENS -> tokens;
                case SPENT -> spent;
            });
        }

        private Measure measure(Claim claim) {
            return limits.stream().filter(l -> l.claim().equals(claim)).findFirst().orElseThrow().measure();
        }

        /**
         * The answer ended without saying what it used (a stream cut before its usage, an answer without one): the
         * estimate stands as what it used, the best figure there is.
         */
        public void keep() {
            if (!done) {
                done = true;
                store.settle(reservation, Claim::amount);
            }
        }

        /** The request used nothing (it failed before any token): every claim is given back. */
        public void release() {
            if (!done) {
                done = true;
                store.release(reservation);
            }
        }
    }
}
