package io.aigateway.cli.mock;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Which requests fail: a rate spread evenly over the request sequence, so that a rate of 0.25 fails exactly every
 * 4th request and 0.5 every other one, with no randomness for tests or demos to depend on.
 */
final class FailureSchedule {

    private final double rate;
    private final AtomicLong counter = new AtomicLong();

    FailureSchedule(double rate) {
        this.rate = rate;
    }

    /** Whether the next request fails. */
    boolean next() {
        if (rate <= 0) {
            return false;
        }
        if (rate >= 1) {
            return true;
        }
        long n = counter.getAndIncrement();
        return Math.floor((n + 1) * rate) > Math.floor(n * rate);
    }
}
