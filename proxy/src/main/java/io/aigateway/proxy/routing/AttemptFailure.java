package io.aigateway.proxy.routing;

import java.time.Duration;
import java.util.Locale;

/**
 * One failed attempt of a request.
 *
 * @param target the target's name
 * @param reason what failed, for the client's error body and logs: {@code 503}, {@code connection refused},
 *     {@code timeout after 60000 ms}
 * @param status the status the target answered with ({@link Cause#STATUS}, {@link Cause#RATE_LIMITED}), 0 when
 *     the failure is the gateway's own (no answer, or one it could not read)
 * @param retryAfter how long the target asked to be left alone (the hint of a 429 or 503), null without one
 */
public record AttemptFailure(String target, Cause cause, String reason, int status, Duration retryAfter) {

    /** A failure without an answer from the target. */
    public AttemptFailure(String target, Cause cause, String reason) {
        this(target, cause, reason, 0, null);
    }

    public enum Cause {
        STATUS, RATE_LIMITED, TIMEOUT, CONNECTION, BAD_RESPONSE, UNSUPPORTED,
        /** No connection to the target came free in time: the gateway's own overload, not the target's fault. */
        QUEUE_TIMEOUT,
        /**
         * The target's credential cannot be sent (a line break in its Secret value: it was not asked) or had (a
         * Vertex AI access token that could not be got): nothing was sent.
         */
        CREDENTIALS;

        private final String label = name().toLowerCase(Locale.ROOT);

        /** The cause as a metric label: {@code status}, {@code rate_limited}, … */
        public String label() {
            return label;
        }
    }

    /** Thrown through an attempt's future so that the next attempt starts. */
    public static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient AttemptFailure failure;
        private final boolean sent;

        public Failed(AttemptFailure failure) {
            this(failure, true);
        }

        private Failed(AttemptFailure failure, boolean sent) {
            super(failure.target() + ": " + failure.reason(), null, false, false);
            this.failure = failure;
            this.sent = sent;
        }

        /** A target skipped without being sent anything, because it is at one of its limits. */
        public static Failed notSent(AttemptFailure failure) {
            return new Failed(failure, false);
        }

        public AttemptFailure failure() {
            return failure;
        }

        /** Whether the request went to the target; false for a target skipped at its limits. */
        public boolean sent() {
            return sent;
        }
    }
}
