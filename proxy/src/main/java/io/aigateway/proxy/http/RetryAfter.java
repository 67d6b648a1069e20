package io.aigateway.proxy.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses a Retry-After header: delay seconds or an HTTP-date. */
final class RetryAfter {

    /** A target is never taken out of rotation for longer than this on a Retry-After. */
    static final Duration MAX = Duration.ofHours(1);

    private RetryAfter() {
    }

    /** The delay, capped at {@link #MAX}; null when absent, malformed or already past. */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        Duration d;
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                d = Duration.ofSeconds(Long.parseLong(v));
            } catch (NumberFormatException e) {
                d = MAX;
            }
        } else {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = Duration.between(now, at);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        if (d.isNegative() || d.isZero()) {
            return null;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
