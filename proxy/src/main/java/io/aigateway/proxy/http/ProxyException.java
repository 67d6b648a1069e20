package io.aigateway.proxy.http;

import java.time.Duration;
import java.util.Map;

/**
 * Why a request failed before or instead of a relayed response. {@link ErrorResponses} turns each kind into a status
 * and an OpenAI-format error body; the message is safe to show a client (no credentials, no client key).
 */
public class ProxyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        NOT_READY, NO_ROUTE, ROUTE_UNAVAILABLE, MISSING_KEY, INVALID_KEY, EXPIRED_KEY, TOO_LARGE, MALFORMED_BODY,
        BAD_REQUEST, NO_TARGET, REQUEST_TIMEOUT, CLIENT_GONE, SHUTTING_DOWN, INTERNAL,
        /** A target's answer too large to read whole; not the target's fault, so not retried elsewhere either. */
        ANSWER_TOO_LARGE,
        /** At a limit or budget of the client key or the rule: 429. */
        USAGE_LIMITED,
        /** The shared rate-limit store cannot be reached and its fail mode is {@code closed}: 503. */
        LIMIT_STORE_UNAVAILABLE
    }

    private final Kind kind;

    public ProxyException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The request itself is wrong, or asks what the chosen target cannot honour; {@code param} names the field. */
    public static final class BadRequest extends ProxyException {
        private static final long serialVersionUID = 1L;
        private final String param;

        public BadRequest(String param, String message) {
            super(Kind.BAD_REQUEST, message);
            this.param = param;
        }

        public String param() {
            return param;
        }
    }

    /**
     * Refused before it was sent, at a client key's or rule's limit, or while their store cannot be reached: the
     * client is told when to retry, and ({@code headers}) the {@code x-ratelimit-*} of the limit that refused.
     */
    public static final class UsageRefused extends ProxyException {
        private static final long serialVersionUID = 1L;
        private final transient Duration retryAfter;
        private final transient Map<String, String> headers;

        public UsageRefused(Kind kind, String message, Duration retryAfter, Map<String, String> headers) {
            super(kind, message);
            this.retryAfter = retryAfter;
            this.headers = headers;
        }

        public Duration retryAfter() {
            return retryAfter;
        }

        public Map<String, String> headers() {
            return headers;
        }
    }
}
