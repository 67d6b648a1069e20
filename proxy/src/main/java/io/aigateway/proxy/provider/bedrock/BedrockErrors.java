package io.aigateway.proxy.provider.bedrock;

import java.util.Locale;

/**
 * Bedrock errors (an HTTP status, the {@code x-amzn-ErrorType} header or a {@code __type}/{@code code} field, and a
 * body {@code {"message":…}}) as the client should see them: an HTTP status and OpenAI's error {@code type} and
 * {@code code}.
 */
public final class BedrockErrors {

    private static final int MAX_MESSAGE = 1000;

    /** How one Bedrock error is presented to the client. */
    public record Mapped(int status, String type, String code, String message) {
    }

    private BedrockErrors() {
    }

    /**
     * ValidationException → 400; ResourceNotFound → 404; ThrottlingException and ServiceQuotaExceeded → 429;
     * ServiceUnavailable and ModelNotReady → 503; ModelTimeout → 504; ModelError, ModelStreamError and
     * InternalServer → 502; AccessDenied, UnrecognizedClient,
     * InvalidSignature, ExpiredToken (or a bare 401/403) → 502 as a gateway credentials problem, without Bedrock's
     * message (it names the AWS account and role); other 4xx keep their status; other 5xx → 502.
     *
     * @param errorType Bedrock's error type, in any of its spellings ({@code ValidationException},
     *     {@code ValidationException:http://internal.amazon.com/coral/…}, {@code validationException},
     *     {@code com.amazon.coral.service#ValidationException}); may be null
     * @param upstreamMessage Bedrock's message; may be null
     */
    public static Mapped map(int status, String errorType, String upstreamMessage) {
        String kind = normalise(errorType);
        String message = upstreamMessage == null || upstreamMessage.isBlank()
                ? (errorType == null ? "Bedrock answered " + status : "Bedrock answered " + status + " " + kind)
                : truncate(upstreamMessage);
        switch (kind) {
            case "validation":
                return new Mapped(400, "invalid_request_error", "invalid_request", message);
            case "resourcenotfound":
                return new Mapped(404, "invalid_request_error", "model_not_found", message);
            case "throttling":
            case "servicequotaexceeded":
            case "toomanyrequests":
                return new Mapped(429, "rate_limit_error", "rate_limit_exceeded", message);
            case "serviceunavailable":
            case "modelnotready":
                return new Mapped(503, "server_error", "upstream_unavailable", message);
            case "modeltimeout":
                return new Mapped(504, "server_error", "upstream_timeout", message);
            case "modelerror":
            case "modelstreamerror":
            case "internalserver":
                return new Mapped(502, "server_error", "upstream_error", message);
            case "accessdenied":
            case "unrecognizedclient":
            case "invalidsignature":
            case "incompletesignature":
            case "expiredtoken":
            case "missingauthenticationtoken":
                return credentials(kind);
            default:
                break;
        }
        if (status == 401 || status == 403) {
            return credentials(kind.isEmpty() ? "status " + status : kind);
        }
        if (status == 429) {
            return new Mapped(429, "rate_limit_error", "rate_limit_exceeded", message);
        }
        if (status == 503) {
            return new Mapped(503, "server_error", "upstream_unavailable", message);
        }
        if (status >= 400 && status < 500) {
            return new Mapped(status, "invalid_request_error", kind.isEmpty() ? "upstream_error" : kind, message);
        }
        return new Mapped(502, "server_error", "upstream_error", message);
    }

    private static Mapped credentials(String kind) {
        return new Mapped(502, "server_error", "upstream_credentials_rejected",
                "Bedrock rejected the gateway's credentials for this target (" + kind
                        + "); the gateway's operator must fix its AWS credentials or permissions.");
    }

    /** {@code com.amazon.coral.service#ValidationException:http://…} → {@code validation}. */
    static String normalise(String errorType) {
        if (errorType == null) {
            return "";
        }
        String t = errorType.trim();
        int colon = t.indexOf(':');
        if (colon >= 0) {
            t = t.substring(0, colon);
        }
        int hash = t.lastIndexOf('#');
        if (hash >= 0) {
            t = t.substring(hash + 1);
        }
        t = t.toLowerCase(Locale.ROOT);
        if (t.endsWith("exception")) {
            t = t.substring(0, t.length() - "exception".length());
        } else if (t.endsWith("error")) {
            t = t.substring(0, t.length() - "error".length());
        }
        return t;
    }

    private static String truncate(String s) {
        return s.length() <= MAX_MESSAGE ? s : s.substring(0, MAX_MESSAGE) + "…";
    }
}
