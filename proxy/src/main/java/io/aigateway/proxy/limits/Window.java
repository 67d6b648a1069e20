package io.aigateway.proxy.limits;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A window a limit counts over, and its arithmetic, the same for every store. {@link #MINUTE} slides: this minute's
 * count plus the previous minute's, weighted by how much of it still lies in the last 60 seconds; it never lets
 * twice the limit through around a boundary and keeps two numbers per key. {@link #DAY} and {@link #MONTH} are
 * fixed UTC calendar windows (midnight UTC, the 1st of the month UTC): resets a user can predict, that
 * {@code Retry-After} and {@code x-ratelimit-reset-*} can name exactly.
 */
public enum Window {
    MINUTE, DAY, MONTH;

    private static final long MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** How long a window's counts outlive the last instant they are read at: clock skew between replicas. */
    private static final long EXPIRY_SLACK_MILLIS = MINUTE_MILLIS;

    public boolean sliding() {
        return this == MINUTE;
    }

    /** The number of the window {@code millis} (epoch milliseconds) falls in; consecutive windows differ by 1. */
    public long number(long millis) {
        return switch (this) {
            case MINUTE -> Math.floorDiv(millis, MINUTE_MILLIS);
            case DAY -> Math.floorDiv(millis, DAY_MILLIS);
            case MONTH -> {
                LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(millis, DAY_MILLIS));
                yield d.getYear() * 12L + d.getMonthValue() - 1;
            }
        };
    }

    /** Where window {@code number} starts, in epoch milliseconds. */
    public long start(long number) {
        return switch (this) {
            case MINUTE -> number * MINUTE_MILLIS;
            case DAY -> number * DAY_MILLIS;
            case MONTH -> {
                LocalDate first = LocalDate.of(Math.toIntExact(Math.floorDiv(number, 12)),
                        (int) Math.floorMod(number, 12) + 1, 1);
                yield first.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
        };
    }

    /** Where window {@code number} ends (the next one starts). */
    public long end(long number) {
        return start(number + 1);
    }

    /** Window {@code number} for a shared store's keys: {@code m29453760}, {@code d20260101}, {@code M202601}. */
    public String label(long number) {
        return switch (this) {
            case MINUTE -> "m" + number;
            case DAY -> "d" + LocalDate.ofEpochDay(number).format(DateTimeFormatter.BASIC_ISO_DATE);
            case MONTH -> "M" + String.format("%04d%02d", Math.floorDiv(number, 12), Math.floorMod(number, 12) + 1);
        };
    }

    /**
     * The count at {@code millis} of a counter holding {@code previous} in the window before and {@code current} in
     * the window {@code millis} falls in. A sliding window rounds the previous window's share down: a limit of 1 per
     * minute then frees up a minute after its request, not up to two.
     */
    public long count(long previous, long current, long millis) {
        if (!sliding()) {
            return current;
        }
        long elapsed = Math.floorMod(millis, MINUTE_MILLIS);
        return (long) (previous * (double) (MINUTE_MILLIS - elapsed) / MINUTE_MILLIS) + current;
    }

    /**
     * How long after {@code millis} {@code amount} fits under {@code max} (the count is at most
     * {@code max - amount}, or 0 for an amount over the limit). Fixed windows: when this one ends. Sliding: while the
     * previous window's share fades, or, when the current window alone is too full, until the next window and then
     * while the current count's share fades.
     */
    public Duration wait(long previous, long current, long amount, long max, long millis) {
        long waited;
        if (sliding()) {
            long elapsed = Math.floorMod(millis, MINUTE_MILLIS);
            long room = Math.max(0, max - amount);
            waited = current <= room
                    ? fadedBelow(previous, room - current) - elapsed
                    : MINUTE_MILLIS + fadedBelow(current, room) - elapsed;
        } else {
            waited = end(number(millis)) - millis;
        }
        return Duration.ofMillis(Math.max(1, waited));
    }

    /** How far into a minute the rounded-down share of {@code count} from the minute before is at most {@code k}. */
    private static long fadedBelow(long count, long k) {
        if (count <= k) {
            return 0;
        }
        // (long) (count * (W - e) / W) <= k  while  count * (W - e) / W < k + 1
        return (long) Math.floor(MINUTE_MILLIS * (1 - (double) (k + 1) / count)) + 1;
    }

    /**
     * How long after {@code millis} the counter is back to zero, for {@code x-ratelimit-reset-*}: the window's end
     * for a fixed window; for the sliding minute, once what this minute counted has faded out of the next one.
     */
    public Duration resetsIn(long previous, long current, long millis) {
        long n = number(millis);
        long at = !sliding() || current > 0 ? end(sliding() ? n + 1 : n) : previous > 0 ? end(n) : millis;
        return Duration.ofMillis(at - millis);
    }

    /** How long a counter of the window {@code millis} falls in must be kept from then on: while any count reads it. */
    public Duration keep(long millis) {
        long n = number(millis);
        return Duration.ofMillis(end(sliding() ? n + 1 : n) - millis + EXPIRY_SLACK_MILLIS);
    }
}
