package io.aigateway.proxy.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.aigateway.model.Target;
import io.aigateway.proxy.auth.Redaction;
import io.aigateway.proxy.http.upstream.UpstreamResponse;
import io.aigateway.proxy.metrics.ProviderNames;
import io.aigateway.proxy.metrics.UsageScanner;
import io.aigateway.proxy.provider.openai.OpenAiChunks;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ForwardedStream;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.routing.AttemptFailure.Cause;
import io.aigateway.proxy.routing.AttemptTrail;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a target's answer to the client: as it came, or translated; whole, or streamed as it arrives with
 * back-pressure. Every answer names the target that gave it, after the attempts that failed before it
 * ({@link AttemptTrail}). Each method completes once the upstream's answer ended
 * or was cut, with the attempt's error type for the metrics: empty for success, the status code for an error
 * answer, why it was cut otherwise. From here on a request is never retried.
 */
final class Relay {

    private static final Logger LOG = LoggerFactory.getLogger(Relay.class);

    private final ProxiedRequest request;
    private final HttpServerResponse response;
    private final RequestObservation observation;
    private final Deadlines deadlines;
    private final long idleMillis;
    private final AttemptTrail trail = new AttemptTrail();

    Relay(ProxiedRequest request, RequestObservation observation, Deadlines deadlines, long idleMillis) {
        this.request = request;
        this.response = request.request().response();
        this.observation = observation;
        this.deadlines = deadlines;
        this.idleMillis = idleMillis;
    }

    /** The request's attempts so far, which the answer lists. */
    AttemptTrail trail() {
        return trail;
    }

    /** The answer as it came, but for hop-by-hop and authentication headers. */
    Future<String> asIs(Target target, UpstreamResponse resp) {
        statusAndHeaders(target, resp, Redaction.NONE, false);
        MultiMap in = resp.headers();
        boolean bodyless = request.request().method() == HttpMethod.HEAD || resp.statusCode() == 204
                || resp.statusCode() == 304;
        if (!bodyless && !in.contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        String contentType = in.get(HttpHeaders.CONTENT_TYPE);
        boolean stream = contentType != null && contentType.startsWith("text/event-stream");
        in.clear(); // copied to the client's answer, and not needed again while a stream lasts (minutes)
        if (stream && request.api() == ClientApi.OPENAI_CHAT_COMPLETIONS) {
            // An OpenAI client's stream, forwarded: a cut ends it with OpenAI's error event, as a translated one.
            ForwardedStream forwarded = new ForwardedStream(OpenAiChunks::cutEvent);
            return pump(target, resp, forwarded::onData, () -> null, forwarded::cut, observation.usage(contentType),
                    true);
        }
        // Any other body: no error of the client's API is known to follow it, so a cut resets the connection.
        return pump(target, resp, chunk -> chunk, () -> null, reason -> null, observation.usage(contentType),
                stream);
    }

    /** A streamed answer translated event by event into the client's server-sent events. */
    Future<String> translatedStream(Target target, UpstreamResponse resp, StreamTranslator stream) {
        resp.headers().clear(); // read before, and not needed again while the stream lasts (minutes)
        response.setStatusCode(200).setChunked(true);
        response.headers()
                .set(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaders.CACHE_CONTROL, "no-cache");
        markSelected(response.headers(), target, 200);
        UsageScanner usage = null;
        Supplier<JsonNode> reported = stream.reportedUsage();
        if (reported != null) {
            // the provider's usage, which the client's bytes may not carry (it asked for none)
            observation.usageReportedBy(reported);
        } else {
            usage = observation.usage("text/event-stream");
        }
        return pump(target, resp, stream::onData, stream::onEnd, stream::cut, usage, true);
    }

    /**
     * A forwarded answer read whole before (checked, its usage {@code read} then, or scrubbed of the target's
     * credentials by {@code redaction}): its status and headers as they came, but for hop-by-hop and
     * authentication headers and its length.
     */
    Future<String> forwardedWhole(Target target, UpstreamResponse resp, Buffer body, Redaction redaction,
            UsageScanner read) {
        statusAndHeaders(target, resp, redaction, true);
        if (read != null) {
            observation.usageRead(read);
        } else {
            UsageScanner usage = observation.usage(resp.getHeader(HttpHeaders.CONTENT_TYPE));
            if (usage != null) {
                usage.accept(body);
            }
        }
        response.end(body);
        return Future.succeededFuture(answered(resp.statusCode()));
    }

    /**
     * Sets the client's status and headers from a forwarded answer's: never hop-by-hop headers, nor those about
     * the gateway's own authentication with the provider ({@link Redaction#isAuthenticationHeader}); the target's
     * credentials replaced in the rest; without Content-Length when the body is sent whole (it may have changed).
     */
    private void statusAndHeaders(Target target, UpstreamResponse resp, Redaction redaction, boolean whole) {
        response.setStatusCode(resp.statusCode());
        if (resp.statusMessage() != null) {
            response.setStatusMessage(resp.statusMessage());
        }
        MultiMap out = response.headers();
        MultiMap in = resp.headers();
        Predicate<String> hopByHop = HopByHop.of(in);
        for (Map.Entry<String, String> h : in) {
            String name = h.getKey();
            if (!hopByHop.test(name) && !Redaction.isAuthenticationHeader(name)
                    && !(whole && name.equalsIgnoreCase("content-length"))) {
                out.add(name, redaction.apply(h.getValue()));
            }
        }
        markSelected(out, target, resp.statusCode());
    }

    /** A translated answer, whole: the upstream's body was read before. */
    Future<String> translatedWhole(Target target, int status, Buffer json) {
        response.setStatusCode(status);
        response.headers()
                .set(HttpHeaders.CONTENT_TYPE, "application/json");
        markSelected(response.headers(), target, status);
        UsageScanner usage = observation.usage("application/json");
        usage.accept(json);
        response.end(json);
        return Future.succeededFuture(answered(status));
    }

    /** Who answered, and who was tried before: set on every answer from a target, over any upstream value. */
    private void markSelected(MultiMap headers, Target target, int status) {
        headers.set("X-Selected-Provider", ProviderNames.config(target.provider()));
        headers.set("X-Selected-Target", target.name());
        headers.set(AttemptTrail.HEADER, trail.answeredBy(target.name(), status));
        observation.answeredBy(target);
    }

    /**
     * Moves a body to the client as it arrives, with back-pressure (the upstream pauses while the client's write
     * queue is full), each chunk through {@code each}; {@code last} gives what to send once the upstream ended,
     * {@code cutEvent} the error event that ends the client's stream when the upstream broke off (null: reset the
     * connection instead, see {@link StreamTranslator#cut}). What goes out passes through {@code usage} when not
     * null; the first bytes of a {@code stream} are its time to first token.
     */
    private Future<String> pump(Target target, UpstreamResponse resp, Function<Buffer, Buffer> each,
            Supplier<Buffer> last, Function<String, Buffer> cutEvent, UsageScanner usage, boolean stream) {
        int status = resp.statusCode();
        Promise<String> ended = Promise.promise();
        Deadlines.Deadline idle = deadlines.idleBody(idleMillis, resp);
        // Whether the first bytes, and with them the head, went out: kept here rather than asked of the response,
        // whose headWritten() takes its connection's lock, on every chunk.
        boolean[] headSent = {false};
        Handler<Throwable> cut = e -> {
            idle.disarm();
            // Upstream died mid-body, went idle, sent what cannot be read, or the client left: nobody may mistake a
            // truncated answer for a complete one. A client still there hears it in its own format when it can.
            resp.request().reset();
            Buffer error = response.closed() || request.clientGone() ? null : cutEvent.apply(cutMessage(e));
            ended.tryComplete(cutReason(e));
            if (error != null) {
                response.end(error);
            } else if (!response.closed()) {
                response.reset();
            }
            LOG.debug("Relay from {} cut: {}", target.name(), e.toString());
        };
        resp.handler(chunk -> {
            idle.touch();
            Buffer out;
            try {
                out = each.apply(chunk);
            } catch (ProviderResponseException e) {
                cut.handle(e);
                return;
            }
            if (out.length() > 0) {
                observe(out, usage, stream);
                if (headSent[0]) {
                    response.write(out);
                } else {
                    // The head goes with the first bytes: its headers are not read again, yet Vert.x would keep
                    // them as long as the answer (a stream's: minutes). Once written, not before: a write that
                    // waits in Vert.x's queue encodes them when its turn comes.
                    headSent[0] = true;
                    response.write(out).onSuccess(written -> response.headers().clear());
                }
            }
            if (response.writeQueueFull()) {
                resp.pause();
                response.drainHandler(v -> resp.resume());
            }
        });
        // The chunk that came with the end goes out with it: one write where there would be two.
        resp.lastHandler(lastChunk -> {
            idle.disarm();
            Buffer rest;
            try {
                rest = lastChunk == null ? last.get() : concat(each.apply(lastChunk), last.get());
            } catch (ProviderResponseException e) {
                cut.handle(e);
                return;
            }
            // Completed before the last write, so the attempt is recorded before the client can see the end.
            ended.tryComplete(answered(status));
            if (rest != null && rest.length() > 0) {
                observe(rest, usage, stream);
                response.end(rest);
            } else {
                response.end();
            }
        });
        resp.exceptionHandler(cut);
        return ended.future();
    }

    private static Buffer concat(Buffer first, Buffer then) {
        return then == null || then.length() == 0 ? first : first.length() == 0 ? then : first.appendBuffer(then);
    }

    /** Bytes about to go to the client: the first of a stream, and any usage they carry, are recorded. */
    private void observe(Buffer out, UsageScanner usage, boolean stream) {
        if (stream) {
            observation.streamBytes();
        }
        if (usage != null) {
            usage.accept(out);
        }
    }

    /** An answer's status as the attempt's error type: empty for success, the code for an error answer. */
    private static String answered(int status) {
        return status >= 400 ? Integer.toString(status) : "";
    }

    /** Why a relay was cut, for the client. */
    private static String cutMessage(Throwable e) {
        if (e instanceof ProviderResponseException) {
            return e.getMessage();
        }
        return e instanceof TimeoutException ? "the upstream went silent before the answer was complete"
                : "the upstream connection broke before the answer was complete";
    }

    /** Why a relay was cut, as an attempt's error type. */
    private String cutReason(Throwable e) {
        if (request.clientGone()) {
            return "client_gone";
        }
        if (e instanceof TimeoutException) {
            return Cause.TIMEOUT.label();
        }
        return e instanceof ProviderResponseException ? Cause.BAD_RESPONSE.label() : Cause.CONNECTION.label();
    }
}
