package io.aigateway.cli.mock;

import java.util.OptionalInt;

/**
 * How a mock provider behaves on every request.
 *
 * @param name shown in the {@code X-Mock-Provider} header and in the answers, so that load balancing is visible
 * @param latencyMillis delay before the response headers
 * @param chunks content chunks of a streamed answer (and words of a plain one)
 * @param chunkDelayMillis delay between two events of a stream; 0 writes the whole stream at once
 * @param failStatus the status failed requests get, or 0 for none
 * @param failRate the share of requests that fail, 0 to 1, spread evenly (0.25: every 4th request)
 * @param retryAfterSeconds sent as {@code Retry-After} with a failed 429 or 503, when present
 */
public record MockSettings(String name, int latencyMillis, int chunks, int chunkDelayMillis, int failStatus,
        double failRate, OptionalInt retryAfterSeconds) {

    public static final MockSettings DEFAULTS = new MockSettings("mock", 0, 8, 0, 0, 1.0, OptionalInt.empty());

    public MockSettings {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        if (latencyMillis < 0 || chunkDelayMillis < 0) {
            throw new IllegalArgumentException("latency and chunk delay must not be negative");
        }
        if (chunks < 1 || chunks > 10_000) {
            throw new IllegalArgumentException("chunks must be 1 to 10000, was " + chunks);
        }
        if (failStatus != 0 && (failStatus < 400 || failStatus > 599)) {
            throw new IllegalArgumentException("fail status must be 400 to 599, was " + failStatus);
        }
        if (!(failRate >= 0 && failRate <= 1)) {
            throw new IllegalArgumentException("fail rate must be 0 to 1, was " + failRate);
        }
        if (retryAfterSeconds == null) {
            retryAfterSeconds = OptionalInt.empty();
        }
    }

    public MockSettings withName(String newName) {
        return new MockSettings(newName, latencyMillis, chunks, chunkDelayMillis, failStatus, failRate,
                retryAfterSeconds);
    }

    public MockSettings withLatency(int millis) {
        return new MockSettings(name, millis, chunks, chunkDelayMillis, failStatus, failRate, retryAfterSeconds);
    }

    public MockSettings withStream(int newChunks, int delayMillis) {
        return new MockSettings(name, latencyMillis, newChunks, delayMillis, failStatus, failRate, retryAfterSeconds);
    }

    public MockSettings withFailures(int status, double rate) {
        return new MockSettings(name, latencyMillis, chunks, chunkDelayMillis, status, rate, retryAfterSeconds);
    }

    public MockSettings withRetryAfter(int seconds) {
        return new MockSettings(name, latencyMillis, chunks, chunkDelayMillis, failStatus, failRate,
                OptionalInt.of(seconds));
    }

    /** One line for the console. */
    public String describe() {
        String failures = failStatus == 0 ? "none" : failStatus + " on " + Math.round(failRate * 100) + "% of requests";
        return "latency " + latencyMillis + " ms, " + chunks + " chunks, chunk delay " + chunkDelayMillis
                + " ms, failures " + failures;
    }
}
