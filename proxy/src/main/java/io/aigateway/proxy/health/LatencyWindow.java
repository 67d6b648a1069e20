package io.aigateway.proxy.health;

import io.aigateway.model.LatencyRouting;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * One target's answer latencies over a sliding window, for the lowest-latency algorithm: a ring of
 * {@value #BUCKETS} buckets, each a histogram of the latencies recorded during one tenth of the window, with bins
 * that grow by {@value #GROWTH} (so a percentile is read within 10%) from 1 ms to an hour. Its memory is fixed
 * (about 13 KB), however many requests it sees. Recording is a few atomic increments and never blocks. Reading
 * counts the live buckets' answers (ten reads) and sums their histograms (1,600) only when the window moved or its
 * answers grew by more than 1/{@value #STALE_SHARE} since the last sum, which a percentile read within 10% does not
 * notice; a selector reads every target's window on every request. Safe for use from any event loop.
 *
 * <p>A bucket is reused once the window has moved past it: the first recorder to notice claims it and clears it.
 * A sample another thread records into it during that clearing may be lost; one sample among many does not move a
 * percentile.
 */
public final class LatencyWindow {

    /** A window's state: how many answers it holds, and their latency at the window's percentile. */
    public record Snapshot(long samples, long percentileNanos) {
        /** The latency at the percentile in whole milliseconds (the upper end of its bin); -1 without samples. */
        public long percentileMillis() {
            return samples == 0 ? -1 : Math.max(1, Math.round(percentileNanos / 1e6));
        }
    }

    static final int BUCKETS = 10;
    static final double GROWTH = 1.1;
    /** Bin 0 holds answers under 1 ms; bin k those under GROWTH^k ms; the last also everything slower. */
    static final int BINS = 1 + (int) Math.ceil(Math.log(3_600_000) / Math.log(GROWTH));
    private static final long NO_EPOCH = Long.MIN_VALUE;
    /** A percentile is summed afresh once the answers grew by more than 1/STALE_SHARE since it was. */
    static final int STALE_SHARE = 64;

    /** The last percentile summed: in which tenth of time, from how many answers. */
    private record Summed(long epoch, long samples, long percentileNanos) {
    }

    private final LatencyRouting settings;
    private final LongSupplier nanoClock;
    private final long origin;
    private final long bucketNanos;
    /** For each bucket, which tenth of time since {@link #origin} it holds. */
    private final AtomicLongArray epochs = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS * BINS);
    /** Each bucket's answers: the sum of its bins. */
    private final AtomicLongArray totals = new AtomicLongArray(BUCKETS);
    private volatile Summed summed;

    public LatencyWindow(LatencyRouting settings, LongSupplier nanoClock) {
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.origin = nanoClock.getAsLong();
        this.bucketNanos = settings.windowSeconds() * 1_000_000_000L / BUCKETS;
        for (int b = 0; b < BUCKETS; b++) {
            epochs.set(b, NO_EPOCH);
        }
    }

    public LatencyRouting settings() {
        return settings;
    }

    /** One answer that took {@code nanos}. */
    public void record(long nanos) {
        long epoch = epoch();
        int bucket = (int) Math.floorMod(epoch, (long) BUCKETS);
        long held = epochs.get(bucket);
        if (held != epoch) {
            if (held > epoch || !epochs.compareAndSet(bucket, held, epoch)) {
                // Another recorder claimed it first (and clears it), or this one's clock read is already stale.
                if (epochs.get(bucket) != epoch) {
                    return;
                }
            } else {
                for (int i = bucket * BINS; i < (bucket + 1) * BINS; i++) {
                    counts.set(i, 0);
                }
                totals.set(bucket, 0);
            }
        }
        counts.incrementAndGet(bucket * BINS + bin(nanos));
        totals.incrementAndGet(bucket);
    }

    /** The answers of the last window and their latency at the percentile. */
    public Snapshot snapshot() {
        long now = epoch();
        long samples = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (live(epochs.get(b), now)) {
                samples += totals.get(b);
            }
        }
        Summed last = summed;
        if (last != null && last.epoch == now && samples >= last.samples
                && samples - last.samples <= last.samples / STALE_SHARE) {
            return new Snapshot(samples, last.percentileNanos);
        }
        Snapshot fresh = sum(now);
        summed = new Summed(now, fresh.samples(), fresh.percentileNanos());
        return fresh;
    }

    private static boolean live(long bucketEpoch, long now) {
        return bucketEpoch > now - BUCKETS && bucketEpoch <= now;
    }

    /** The live buckets' histograms, summed, and their percentile. */
    private Snapshot sum(long now) {
        long[] bins = new long[BINS];
        long total = 0;
        for (int b = 0; b < BUCKETS; b++) {
            if (!live(epochs.get(b), now)) {
                continue;
            }
            for (int i = 0; i < BINS; i++) {
                long c = counts.get(b * BINS + i);
                bins[i] += c;
                total += c;
            }
        }
        if (total == 0) {
            return new Snapshot(0, 0);
        }
        long rank = (long) Math.ceil(settings.percentile() / 100 * total);
        long seen = 0;
        int i = 0;
        for (; i < BINS - 1; i++) {
            seen += bins[i];
            if (seen >= rank) {
                break;
            }
        }
        return new Snapshot(total, upperNanos(i));
    }

    private long epoch() {
        return Math.floorDiv(nanoClock.getAsLong() - origin, bucketNanos);
    }

    static int bin(long nanos) {
        double millis = nanos / 1e6;
        if (millis < 1) {
            return 0;
        }
        return Math.min(BINS - 1, 1 + (int) Math.floor(Math.log(millis) / Math.log(GROWTH)));
    }

    /** The upper end of a bin: what a percentile falling into it reads as. */
    static long upperNanos(int bin) {
        return Math.round(Math.pow(GROWTH, bin) * 1e6);
    }
}
