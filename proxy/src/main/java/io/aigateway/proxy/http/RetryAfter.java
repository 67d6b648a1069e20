package io.aigateway.proxy.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a provider asks to be left alone after a 429 or 503, from the first hint it gives of: {@code retry-after-ms}
 * (OpenAI, Azure), {@code Retry-After} (delay seconds or an HTTP-date), Google's {@code RetryInfo.retryDelay} in the
 * error body (Gemini), and on a 429 the rate-limit reset headers (OpenAI's {@code x-ratelimit-reset-*} durations,
 * Anthropic's {@code anthropic-ratelimit-*-reset} times).
 */
final class RetryAfter {

    /** A target is never taken out of rotation for longer than this on a provider's hint. */
    static final Duration MAX = Duration.ofHours(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETRY_INFO = "type.googleapis.com/google.rpc.RetryInfo";
    /** Go's duration format as OpenAI sends it ({@code 1s}, {@code 6m0s}, {@code 20ms}); Google's is a subset. */
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");
    /** The limits each provider reports, as {remaining header, reset header}. */
    private static final List<String[]> LIMITS = List.of(
            new String[] {"x-ratelimit-remaining-requests", "x-ratelimit-reset-requests"},
            new String[] {"x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens"},
            new String[] {"anthropic-ratelimit-requests-remaining", "anthropic-ratelimit-requests-reset"},
            new String[] {"anthropic-ratelimit-tokens-remaining", "anthropic-ratelimit-tokens-reset"},
            new String[] {"anthropic-ratelimit-input-tokens-remaining", "anthropic-ratelimit-input-tokens-reset"},
            new String[] {"anthropic-ratelimit-output-tokens-remaining", "anthropic-ratelimit-output-tokens-reset"});

    private RetryAfter() {
    }

    /**
     * The provider's hint for a 429 or 503 answer, capped at {@link #MAX}; null when it gave none, or only one that
     * is malformed or already past.
     *
     * @param body the start of the error body, as much as was kept
     */
    static Duration of(int status, MultiMap headers, Buffer body, Instant now) {
        Duration d = millis(headers.get("retry-after-ms"));
        if (d == null) {
            d = parse(headers.get("Retry-After"), now);
        }
        if (d == null) {
            d = retryInfo(body);
        }
        if (d == null && status == 429) {
            d = rateLimitReset(headers, now);
        }
        return capped(d);
    }

    /** A Retry-After header: delay seconds or an HTTP-date. */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.chars().allMatch(Character::isDigit)) {
            try {
                return capped(Duration.ofSeconds(Long.parseLong(v)));
            } catch (NumberFormatException e) {
                return MAX;
            }
        }
        try {
            return capped(Duration.between(now, ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant()));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whole seconds, rounded up, as a client's Retry-After. */
    static String seconds(Duration d) {
        long s = d.getSeconds();
        return String.valueOf(d.getNano() > 0 ? s + 1 : s);
    }

    /** {@code retry-after-ms}: milliseconds, possibly fractional. */
    private static Duration millis(String value) {
        if (value == null) {
            return null;
        }
        try {
            return capped(Duration.ofNanos((long) (Double.parseDouble(value.trim()) * 1_000_000)));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Gemini's {@code error.details[]} entry {@code {"@type": "…RetryInfo", "retryDelay": "12s"}}. */
    private static Duration retryInfo(Buffer body) {
        if (body == null || body.length() == 0 || !body.toString().contains(RETRY_INFO)) {
            return null;
        }
        try {
            for (JsonNode detail : JSON.readTree(body.getBytes()).path("error").path("details")) {
                if (RETRY_INFO.equals(detail.path("@type").asText())) {
                    return capped(duration(detail.path("retryDelay").asText(null)));
                }
            }
        } catch (IOException e) {
            // A body cut where the kept part ends, or not JSON: no hint.
        }
        return null;
    }

    /** A provider budget its headers report as spent: the remaining header that said 0, and until its reset. */
    record Exhausted(String header, Duration reset) {
    }

    /**
     * Of the limits an answer (any answer) reports as spent (remaining 0, with a reset) the one that resets last;
     * null when none is spent.
     */
    static Exhausted exhausted(MultiMap headers, Instant now) {
        Exhausted latest = null;
        for (String[] limit : LIMITS) {
            if (!"0".equals(trimmed(headers.get(limit[0])))) {
                continue;
            }
            Duration reset = capped(reset(headers.get(limit[1]), now));
            if (reset != null && (latest == null || reset.compareTo(latest.reset()) > 0)) {
                latest = new Exhausted(limit[0], reset);
            }
        }
        return latest;
    }

    /**
     * The reset of the limit the 429 is about: of the limits reported as exhausted (remaining 0) the latest reset;
     * when none says so, the earliest reset, so that a trial comes no later than the first limit frees up.
     */
    private static Duration rateLimitReset(MultiMap headers, Instant now) {
        Exhausted exhausted = exhausted(headers, now);
        if (exhausted != null) {
            return exhausted.reset();
        }
        Duration earliest = null;
        for (String[] limit : LIMITS) {
            Duration reset = capped(reset(headers.get(limit[1]), now));
            if (reset != null && (earliest == null || reset.compareTo(earliest) < 0)) {
                earliest = reset;
            }
        }
        return earliest;
    }

    /** A reset as OpenAI ({@code 6m0s}) or Anthropic ({@code 2026-01-01T00:00:30Z}) sends it. */
    private static Duration reset(String value, Instant now) {
        String v = trimmed(value);
        if (v == null) {
            return null;
        }
        if (v.indexOf('T') > 0) {
            try {
                return Duration.between(now, OffsetDateTime.parse(v).toInstant());
            } catch (DateTimeParseException e) {
                return null;
            }
        }
        return duration(v);
    }

    /** A duration as Go prints it, {@code 1h2m3.5s}, {@code 20ms}; null when it is not one. */
    static Duration duration(String value) {
        String v = trimmed(value);
        if (v == null) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(v);
        double nanos = 0;
        int at = 0;
        while (m.find() && m.start() == at) {
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3.6e12;
                case "m" -> 6e10;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            at = m.end();
        }
        return at == v.length() ? Duration.ofNanos((long) Math.min(nanos, Long.MAX_VALUE)) : null;
    }

    private static String trimmed(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Duration capped(Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            return null;
        }
        return d.compareTo(MAX) > 0 ? MAX : d;
    }
}
