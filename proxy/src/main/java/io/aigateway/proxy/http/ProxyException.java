package io.aigateway.proxy.http;

import java.util.List;

/**
 * Why a request failed before or instead of a relayed response. {@link ErrorResponses} turns each kind into a status
 * and an OpenAI-format error body; the message is safe to show a client (no credentials, no client key).
 */
public class ProxyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        NOT_READY, NO_ROUTE, MISSING_KEY, INVALID_KEY, EXPIRED_KEY, TOO_LARGE, BAD_REQUEST, NO_TARGET,
        TARGETS_FAILED, CLIENT_GONE, SHUTTING_DOWN, INTERNAL
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

    /** Every attempt of a request failed; the list says which targets were tried and why, in order. */
    public static final class TargetsFailed extends ProxyException {
        private static final long serialVersionUID = 1L;
        private final transient List<AttemptFailure> failures;

        public TargetsFailed(List<AttemptFailure> failures) {
            super(Kind.TARGETS_FAILED, describe(failures));
            this.failures = List.copyOf(failures);
        }

        public List<AttemptFailure> failures() {
            return failures;
        }

        private static String describe(List<AttemptFailure> failures) {
            StringBuilder sb = new StringBuilder("No target could serve the request: ");
            for (int i = 0; i < failures.size(); i++) {
                if (i > 0) {
                    sb.append("; ");
                }
                sb.append(failures.get(i).target()).append(": ").append(failures.get(i).reason());
            }
            return sb.toString();
        }
    }
}
