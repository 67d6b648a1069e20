package io.aigateway.proxy.http;

import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.anthropic.AnthropicErrors;
import io.aigateway.proxy.routing.AttemptFailure;
import io.aigateway.proxy.routing.AttemptFailure.Cause;
import io.aigateway.proxy.routing.AttemptTrail;
import io.aigateway.proxy.routing.ModelNotRouted;
import io.aigateway.proxy.routing.TargetsFailed;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that turns a failure into an HTTP status and an error body in the client's format, which the
 * request path decides ({@link ClientApi#ofPath}): Anthropic's {@code {"type":"error","error":{"type":…,
 * "message":…}}} for {@code …/messages}, OpenAI's {@code {"error":{"message":…,"type":…,"param":null,"code":…}}}
 * for everything else.
 */
public final class ErrorResponses {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);

    /** Anthropic's status for "overloaded"; OpenAI's API says 503. */
    static final int OVERLOADED = 529;
    /** What the gateway's own overload (no connection to a target came free in time) asks clients to wait. */
    private static final String OVERLOADED_RETRY_AFTER = "1";

    /** A failure as the client sees it. */
    public record Mapped(int status, String type, String code, String message, String retryAfter, String param) {
        Mapped(int status, String type, String code, String message, String retryAfter) {
            this(status, type, code, message, retryAfter, null);
        }

        /** The status in the client's API: "overloaded" is 529 for Anthropic clients, 503 for OpenAI's. */
        public int status(ClientApi api) {
            return status == OVERLOADED && api != ClientApi.ANTHROPIC_MESSAGES ? 503 : status;
        }
    }

    /** How long the rest of a refused body is read and discarded before the connection is dropped anyway. */
    private static final long DISCARD_MILLIS = 5_000;

    private ErrorResponses() {
    }

    public static Mapped map(Throwable failure) {
        if (failure instanceof TargetsFailed tf) {
            return targetsFailed(tf);
        }
        if (failure instanceof ModelNotRouted) {
            // As OpenAI answers a model it does not have.
            return new Mapped(404, "invalid_request_error", "model_not_found", failure.getMessage(), null, "model");
        }
        if (!(failure instanceof ProxyException pe)) {
            return new Mapped(500, "server_error", "internal_error", "The gateway failed to handle the request.",
                    null);
        }
        String m = pe.getMessage();
        return switch (pe.kind()) {
            case NOT_READY -> new Mapped(503, "server_error", "gateway_not_ready", m, null);
            case SHUTTING_DOWN -> new Mapped(503, "server_error", "gateway_shutting_down", m, null);
            case NO_ROUTE -> new Mapped(404, "invalid_request_error", "route_not_found", m, null);
            case ROUTE_UNAVAILABLE -> new Mapped(503, "server_error", "route_unavailable", m, null);
            case MISSING_KEY, INVALID_KEY, EXPIRED_KEY ->
                    new Mapped(401, "invalid_request_error", "invalid_api_key", m, null);
            case TOO_LARGE -> new Mapped(413, "invalid_request_error", "request_too_large", m, null);
            case REQUEST_TIMEOUT -> new Mapped(408, "invalid_request_error", "request_timeout", m, null);
            case MALFORMED_BODY -> new Mapped(400, "invalid_request_error", null, m, null);
            case BAD_REQUEST -> new Mapped(400, "invalid_request_error", "unsupported_parameter", m, null,
                    ((ProxyException.BadRequest) pe).param());
            case NO_TARGET -> new Mapped(503, "server_error", "no_target_available", m, null);
            case ANSWER_TOO_LARGE -> new Mapped(502, "server_error", "answer_too_large", m, null);
            case USAGE_LIMITED -> new Mapped(429, "rate_limit_error", "rate_limit_exceeded", m,
                    RetryAfter.seconds(((ProxyException.UsageRefused) pe).retryAfter()));
            case LIMIT_STORE_UNAVAILABLE -> new Mapped(503, "server_error", "rate_limit_store_unavailable", m,
                    RetryAfter.seconds(((ProxyException.UsageRefused) pe).retryAfter()));
            case CLIENT_GONE, INTERNAL -> new Mapped(500, "server_error", "internal_error",
                    "The gateway failed to handle the request.", null);
        };
    }

    private static Mapped targetsFailed(TargetsFailed tf) {
        List<AttemptFailure> failures = tf.failures();
        if (failures.isEmpty()) {
            return new Mapped(503, "server_error", "no_target_available", tf.getMessage(), null);
        }
        if (failures.stream().allMatch(f -> f.cause() == Cause.RATE_LIMITED)) {
            return limited(failures, tf.getMessage());
        }
        // A target skipped at its limit says nothing of why the others failed: the last one that was tried does.
        AttemptFailure last = failures.stream().filter(f -> !skippedAtLimit(f)).reduce((a, b) -> b).orElseThrow();
        if (last.cause() == Cause.QUEUE_TIMEOUT) {
            return new Mapped(OVERLOADED, "server_error", "gateway_overloaded", tf.getMessage(),
                    OVERLOADED_RETRY_AFTER);
        }
        if (last.status() > 0) {
            return providerAnswer(last, tf.getMessage());
        }
        if (failures.stream().allMatch(f -> f.cause() == Cause.TIMEOUT)) {
            return new Mapped(504, "server_error", "upstream_timeout", tf.getMessage(), null);
        }
        return new Mapped(502, "server_error", "upstream_error", tf.getMessage(), null);
    }

    /** A target the gateway did not send the request to, at a limit of its own or a provider's spent budget. */
    private static boolean skippedAtLimit(AttemptFailure f) {
        return f.cause() == Cause.RATE_LIMITED && f.status() == 0;
    }

    /** Every target was at a limit or answered 429: 429, to retry when the first of them frees up. */
    private static Mapped limited(List<AttemptFailure> failures, String message) {
        String retryAfter = failures.stream().map(AttemptFailure::retryAfter).filter(d -> d != null)
                .min(Comparator.naturalOrder()).map(RetryAfter::seconds).orElse(null);
        return new Mapped(429, "rate_limit_error", "rate_limit_exceeded", message, retryAfter);
    }

    /**
     * The last target's answer keeps its status and meaning: 429 with its Retry-After; 503 and Anthropic's 529 are
     * "overloaded", {@link #OVERLOADED} here, which {@link Mapped#status(ClientApi)} gives each client in its own
     * API's code; any other status as it came.
     */
    private static Mapped providerAnswer(AttemptFailure last, String message) {
        String retryAfter = last.retryAfter() == null ? null : RetryAfter.seconds(last.retryAfter());
        return switch (last.status()) {
            case 429 -> new Mapped(429, "rate_limit_error", "rate_limit_exceeded", message, retryAfter);
            case 503, OVERLOADED -> new Mapped(OVERLOADED, "server_error", "upstream_overloaded", message,
                    retryAfter);
            default -> new Mapped(last.status(), "server_error", "upstream_error", message, null);
        };
    }

    /**
     * An unexpected failure as it may be logged: its classes and stack traces, not its messages, which can quote a
     * header value the HTTP client refused (a credential).
     */
    static Throwable withoutMessages(Throwable failure) {
        Throwable cause = failure.getCause() == null || failure.getCause() == failure ? null
                : withoutMessages(failure.getCause());
        RuntimeException logged = new RuntimeException(failure.getClass().getName() + " (message withheld)", cause);
        logged.setStackTrace(failure.getStackTrace());
        return logged;
    }

    /** The body in the format of the client's API; OpenAI's for any path that is not Anthropic's. */
    public static String body(Mapped m, ClientApi api) {
        if (api == ClientApi.ANTHROPIC_MESSAGES) {
            return AnthropicErrors.body(AnthropicErrors.typeFor(m.status()), m.message()).toString();
        }
        return body(m);
    }

    /** The OpenAI-format body. */
    public static String body(Mapped m) {
        JsonObject error = new JsonObject()
                .put("message", m.message())
                .put("type", m.type())
                .put("param", m.param())
                .put("code", m.code());
        return new JsonObject().put("error", error).encode();
    }

    /**
     * Answers the request with the failure. When the response has already started, the connection is reset so the
     * client sees a truncated response rather than a complete-looking one.
     */
    public static void send(HttpServerRequest request, Throwable failure) {
        HttpServerResponse out = request.response();
        if (failure instanceof ProxyException pe && pe.kind() == ProxyException.Kind.CLIENT_GONE) {
            return;
        }
        if (out.ended() || out.closed()) {
            return;
        }
        if (out.headWritten()) {
            out.reset();
            return;
        }
        if (!(failure instanceof ProxyException || failure instanceof TargetsFailed
                || failure instanceof ModelNotRouted)) {
            LOG.warn("Request {} {} failed unexpectedly", request.method(), request.path(), withoutMessages(failure));
        }
        Mapped m = map(failure);
        ClientApi api = ClientApi.ofPath(request.path());
        String body = body(m, api);
        out.setStatusCode(m.status(api)).putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
        if (m.retryAfter() != null) {
            out.putHeader(HttpHeaders.RETRY_AFTER, m.retryAfter());
        }
        if (failure instanceof ProxyException.UsageRefused refused) {
            refused.headers().forEach(out::putHeader);
        }
        if (failure instanceof TargetsFailed tf && !tf.failures().isEmpty()) {
            out.putHeader(AttemptTrail.HEADER, AttemptTrail.failed(tf.failures()));
        }
        boolean close = failure instanceof ProxyException pe && pe.kind() == ProxyException.Kind.TOO_LARGE
                && !request.isEnded();
        if (close) {
            // The rest of the body is not worth passing on: answer, discard what the client still sends (so it
            // reads the answer instead of failing on a reset), and drop the connection at its end or after a while.
            out.putHeader(HttpHeaders.CONNECTION, "close");
            request.handler(chunk -> {
            });
            Vertx vertx = Vertx.currentContext().owner();
            long timer = vertx.setTimer(DISCARD_MILLIS, id -> request.connection().close());
            request.endHandler(v -> {
                vertx.cancelTimer(timer);
                request.connection().close();
            });
        }
        if (failure instanceof ProxyException pe && (pe.kind() == ProxyException.Kind.SHUTTING_DOWN
                || pe.kind() == ProxyException.Kind.REQUEST_TIMEOUT)) {
            // Draining: this connection serves nothing more, so the client opens its next one elsewhere. Too
            // slow a body: the rest of it is not waited for.
            out.putHeader(HttpHeaders.CONNECTION, "close");
            out.end(body).onComplete(v -> request.connection().close());
            return;
        }
        out.end(body);
    }
}
