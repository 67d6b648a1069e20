package io.aigateway.proxy.http;

import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.http.AttemptFailure.Cause;
import io.aigateway.proxy.http.ProxyException.Kind;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.metrics.ProviderNames;
import io.aigateway.proxy.metrics.UsageScanner;
import io.aigateway.proxy.routing.Attempts;
import io.aigateway.proxy.routing.RouteMatch;
import io.aigateway.proxy.routing.TargetRuntime;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.aigateway.proxy.auth.CredentialInjector;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.Translators;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request after its body arrived: tries the planner's targets one after another until one answers with
 * something other than a failure, then relays that answer as it streams. Never retries once the response to the
 * client has started. Runs on the request's event loop; futures only.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final RuntimeConfig config;
    private final RouteMatch match;
    private final HttpClient client;
    private final Vertx vertx;
    private final ProxyMetrics metrics;
    private final RequestObservation observation;
    private final List<AttemptFailure> failures = new ArrayList<>(2);
    private Buffer body;
    private String model;
    /** The operation the client asked for, when the gateway can translate it; null for anything else. */
    private ClientApi api;
    /** The body parsed, once, for the attempts that translate it. */
    private ClientRequest parsed;
    private Attempts attempts;
    private volatile HttpClientRequest upstream;
    private volatile boolean clientGone;
    /** The target of the attempt under way and when it was sent; null between attempts. */
    private Target attemptTarget;
    private long attemptStartNanos;

    Exchange(HttpServerRequest request, RuntimeConfig config, RouteMatch match, HttpClient client,
            ProxyMetrics metrics, RequestObservation observation) {
        this.request = request;
        this.response = request.response();
        this.config = config;
        this.match = match;
        this.client = client;
        this.metrics = metrics;
        this.observation = observation;
        // Created on the request's event loop: the timers of this exchange run there too.
        this.vertx = Vertx.currentContext().owner();
        response.closeHandler(v -> {
            clientGone = true;
            HttpClientRequest current = upstream;
            if (current != null) {
                current.reset();
            }
        });
    }

    Future<Void> run(Buffer requestBody) {
        this.body = requestBody;
        this.model = ModelField.read(requestBody);
        observation.model(model);
        this.api = request.method() == HttpMethod.POST ? ClientApi.ofPath(match.upstreamPath()) : null;
        this.attempts = match.planner().attempts(model);
        return next();
    }

    private Future<Void> next() {
        if (clientGone) {
            return Future.failedFuture(new ProxyException(Kind.CLIENT_GONE, "client went away"));
        }
        Optional<TargetRuntime> target = attempts.next();
        if (target.isEmpty()) {
            return Future.failedFuture(new ProxyException.TargetsFailed(failures));
        }
        if (!failures.isEmpty()) {
            AttemptFailure last = failures.get(failures.size() - 1);
            metrics.failover(observation.labels(), last.target(), target.get().target().name(),
                    last.cause().label());
        }
        return attempt(target.get()).recover(e -> {
            attemptEnded(e instanceof AttemptFailure.Failed f ? f.failure.cause().label() : "canceled");
            if (e instanceof AttemptFailure.Failed failed) {
                failures.add(failed.failure);
                LOG.debug("{} failed: {}", target.get(), failed.failure.reason());
                return next();
            }
            return Future.failedFuture(e);
        });
    }

    private Future<Void> attempt(TargetRuntime runtime) {
        return UpstreamRequests.forwardsAsIs(runtime.target(), api) ? forward(runtime) : translate(runtime);
    }

    /** To an OpenAI-style target: the request as it came, but for model, headers and credentials. */
    private Future<Void> forward(TargetRuntime runtime) {
        Target target = runtime.target();
        MultiMap headers = UpstreamRequests.headers(request.headers(), config.clientKeys().headers(), target,
                config.credentials());
        Buffer payload = body;
        // The target's default model when it does not serve the one asked for, or when none was asked for.
        String send = runtime.modelFor(model);
        if (send != null && !send.equals(model)) {
            payload = ModelField.replace(body, send);
        }
        boolean hasBody = payload.length() > 0 || request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        String uri = UpstreamRequests.uri(target, match.upstreamPath(), request.query());
        Once finished = new Once(runtime::finished);
        return send(runtime, request.method(), uri, headers, hasBody ? payload : null, finished)
                .compose(resp -> onResponse(runtime, resp, finished));
    }

    /** To a target with another API: the request and its answer translated, one translator per attempt. */
    private Future<Void> translate(TargetRuntime runtime) {
        Target target = runtime.target();
        String provider = ProviderNames.config(target.provider());
        if (api == null) {
            return failed(target, Cause.UNSUPPORTED,
                    provider + " targets serve POST …/chat/completions and POST …/messages only", null);
        }
        Translator translator;
        UpstreamCall call;
        try {
            translator = Translators.forAttempt(api, target);
            call = translator.request(clientRequest(), target, runtime.modelFor(model));
        } catch (UnsupportedOperationException e) {
            return failed(target, Cause.UNSUPPORTED, e.getMessage(), null);
        } catch (TranslationException e) {
            return Future.failedFuture(new ProxyException.BadRequest(e.field(), e.getMessage()));
        } catch (ProxyException.BadRequest e) {
            return Future.failedFuture(e);
        }
        MultiMap headers = HttpHeaders.headers().addAll(call.headers());
        target.headers().forEach(headers::set);
        CredentialInjector.apply(target, config.credentials(), headers);
        CredentialInjector.sign(target, config.credentials(), "POST", call.path(), headers, call.body());
        Once finished = new Once(runtime::finished);
        return send(runtime, HttpMethod.POST, call.path(), headers, call.body(), finished)
                .compose(resp -> onTranslatedResponse(runtime, translator, resp, finished));
    }

    /** The request as translators read it; a body that is not a JSON object is the client's mistake. */
    private ClientRequest clientRequest() {
        if (parsed == null) {
            JsonNode json;
            try {
                json = JSON.readTree(body.getBytes());
            } catch (IOException e) {
                json = null;
            }
            if (!(json instanceof ObjectNode object)) {
                throw new ProxyException.BadRequest(null, "The request body must be a JSON object.");
            }
            parsed = new ClientRequest(api, object, object.path("stream").asBoolean(false), request.headers());
        }
        return parsed;
    }

    /** Sends one attempt; fails with an {@link AttemptFailure} when the target cannot be reached in time. */
    private Future<HttpClientResponse> send(TargetRuntime runtime, HttpMethod method, String uri, MultiMap headers,
            Buffer payload, Once finished) {
        Target target = runtime.target();
        Timeouts timeouts = match.upstream().timeouts();
        if (payload != null) {
            headers.set(HttpHeaders.CONTENT_LENGTH, String.valueOf(payload.length()));
        }
        RequestOptions options = new RequestOptions()
                .setMethod(method)
                .setHost(target.endpoint().host())
                .setPort(target.endpoint().port())
                .setSsl("https".equals(target.endpoint().protocol()))
                .setURI(uri)
                .setHeaders(headers)
                .setConnectTimeout(timeouts.connectMillis())
                // Until the response headers only: Vert.x cancels it then; the body has an IdleWatchdog.
                .setIdleTimeout(timeouts.responseMillis());
        runtime.started();
        attemptTarget = target;
        attemptStartNanos = System.nanoTime();
        Promise<Void> connected = Promise.promise();
        return client.request(options)
                .compose(req -> {
                    connected.tryComplete();
                    upstream = req;
                    if (clientGone) {
                        req.reset();
                    }
                    return payload != null ? req.send(payload) : req.send();
                })
                .recover(e -> {
                    finished.run();
                    return Future.failedFuture(classify(runtime, e, connected.future().isComplete(), timeouts));
                });
    }

    private Future<Void> onResponse(TargetRuntime runtime, HttpClientResponse resp, Once finished) {
        Future<Void> refused = refusal(runtime, resp, finished);
        if (refused != null) {
            return refused;
        }
        runtime.health().onSuccess();
        return relay(runtime.target(), resp, finished);
    }

    /**
     * A failover status (429 or 5xx: the target's health is told, the answer drained) or a client that left: the
     * failed future to return. Null when the answer stands.
     */
    private Future<Void> refusal(TargetRuntime runtime, HttpClientResponse resp, Once finished) {
        Target target = runtime.target();
        HttpClientRequest req = resp.request();
        int status = resp.statusCode();
        if (status == 429 || status >= 500) {
            String retryAfterHeader = resp.getHeader(HttpHeaders.RETRY_AFTER);
            Duration retryAfter = (status == 429 || status == 503)
                    ? RetryAfter.parse(retryAfterHeader, Instant.now()) : null;
            if (retryAfter != null) {
                runtime.health().blockFor(retryAfter, String.valueOf(status));
            } else {
                runtime.health().onFailure(String.valueOf(status));
            }
            // Drain and drop the failed answer so the connection can be reused.
            IdleWatchdog idle = IdleWatchdog.start(vertx, match.upstream().timeouts().idleMillis(), req::reset);
            resp.handler(b -> idle.touch());
            resp.exceptionHandler(e -> {
                idle.stop();
                finished.run();
            });
            resp.endHandler(v -> {
                idle.stop();
                finished.run();
            });
            return failed(target, status == 429 ? Cause.RATE_LIMITED : Cause.STATUS, String.valueOf(status),
                    status == 429 || status == 503 ? retryAfterHeader : null);
        }
        if (clientGone) {
            req.reset();
            finished.run();
            return Future.failedFuture(new ProxyException(Kind.CLIENT_GONE, "client went away"));
        }
        return null;
    }

    /**
     * A translated attempt's answer. A whole answer is read before anything goes to the client, so a malformed one
     * still fails over; a stream is translated event by event as it arrives.
     */
    private Future<Void> onTranslatedResponse(TargetRuntime runtime, Translator translator,
            HttpClientResponse resp, Once finished) {
        Future<Void> refused = refusal(runtime, resp, finished);
        if (refused != null) {
            return refused;
        }
        Target target = runtime.target();
        int status = resp.statusCode();
        if (status < 400 && parsed.stream()) {
            runtime.health().onSuccess();
            return relayStream(target, resp, translator.stream(), finished);
        }
        // Read whole first: a malformed answer still fails over, so the attempt ends at its failure or its reply.
        return readBody(resp, finished).compose(answer -> {
            if (status >= 400) {
                // The target is up and refused the request: the client hears why, in its own format.
                runtime.health().onSuccess();
                ClientError error = translator.error(status, resp.headers(), answer);
                return reply(target, error.status(), error.body());
            }
            Buffer translated;
            try {
                translated = translator.response(answer);
            } catch (ProviderResponseException e) {
                runtime.health().onFailure("malformed answer");
                return failed(target, Cause.BAD_RESPONSE, "malformed answer (" + e.getMessage() + ")", null);
            }
            runtime.health().onSuccess();
            return reply(target, status, translated);
        }, e -> Future.failedFuture(classify(runtime, e, true, match.upstream().timeouts())));
    }

    /** A whole answer body, cut when it stays silent for the idle timeout. */
    private Future<Buffer> readBody(HttpClientResponse resp, Once finished) {
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer();
        IdleWatchdog idle = bodyWatchdog(resp);
        resp.handler(chunk -> {
            idle.touch();
            body.appendBuffer(chunk);
        });
        resp.endHandler(v -> {
            idle.stop();
            finished.run();
            read.tryComplete(body);
        });
        resp.exceptionHandler(e -> {
            idle.stop();
            finished.run();
            read.tryFail(e);
        });
        return read.future();
    }

    /** Who answered: set on every answer relayed or translated from a target, over any upstream value. */
    private void markSelected(MultiMap headers, Target target) {
        headers.set("X-Selected-Provider", ProviderNames.config(target.provider()));
        headers.set("X-Selected-Target", target.name());
        observation.answeredBy(target);
    }

    /** Records the attempt under way, once, with why it failed; empty when the target answered. */
    private void attemptEnded(String errorType) {
        if (attemptTarget != null) {
            metrics.attempt(observation.labels(), attemptTarget, errorType, System.nanoTime() - attemptStartNanos);
            attemptTarget = null;
        }
    }

    /** An answer's status as the attempt's error type: empty for success, the code for an error answer. */
    private static String answered(int status) {
        return status >= 400 ? Integer.toString(status) : "";
    }

    /** Cuts a body, and resets its request, when it stays silent for the upstream's idle timeout. */
    private IdleWatchdog bodyWatchdog(HttpClientResponse resp) {
        long idleMillis = match.upstream().timeouts().idleMillis();
        return IdleWatchdog.start(vertx, idleMillis,
                () -> resp.request().reset(0, new TimeoutException("no data for " + idleMillis + " ms")));
    }

    /** A translated answer, whole. */
    private Future<Void> reply(Target target, int status, Buffer json) {
        attemptEnded(answered(status));
        response.setStatusCode(status);
        response.headers()
                .set(HttpHeaders.CONTENT_TYPE, "application/json");
        markSelected(response.headers(), target);
        UsageScanner usage = observation.usage("application/json");
        usage.accept(json);
        return response.end(json);
    }

    /** Sends the answer on as it arrives; from here on the request is never retried. */
    private Future<Void> relay(Target target, HttpClientResponse resp, Once finished) {
        response.setStatusCode(resp.statusCode());
        if (resp.statusMessage() != null) {
            response.setStatusMessage(resp.statusMessage());
        }
        MultiMap out = response.headers();
        MultiMap in = resp.headers();
        for (Map.Entry<String, String> h : in) {
            if (!HopByHop.isHopByHop(h.getKey(), in)) {
                out.add(h.getKey(), h.getValue());
            }
        }
        markSelected(out, target);
        boolean bodyless = request.method() == HttpMethod.HEAD || resp.statusCode() == 204
                || resp.statusCode() == 304;
        if (!bodyless && !in.contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        String contentType = in.get(HttpHeaders.CONTENT_TYPE);
        boolean stream = contentType != null && contentType.startsWith("text/event-stream");
        return pump(target, resp, chunk -> chunk, () -> null, finished, observation.usage(contentType), stream);
    }

    /** A streamed answer translated event by event into the client's server-sent events. */
    private Future<Void> relayStream(Target target, HttpClientResponse resp, StreamTranslator stream,
            Once finished) {
        response.setStatusCode(200).setChunked(true);
        response.headers()
                .set(HttpHeaders.CONTENT_TYPE, "text/event-stream")
                .set(HttpHeaders.CACHE_CONTROL, "no-cache");
        markSelected(response.headers(), target);
        return pump(target, resp, stream::onData, stream::onEnd, finished, observation.usage("text/event-stream"),
                true);
    }

    /**
     * Moves a body to the client as it arrives, with back-pressure (the upstream pauses while the client's write
     * queue is full), each chunk through {@code each}; {@code last} gives what to send once the upstream ended.
     * What goes out passes through {@code usage} when not null; the first bytes of a {@code stream} are its time to
     * first token.
     */
    private Future<Void> pump(Target target, HttpClientResponse resp, Function<Buffer, Buffer> each,
            Supplier<Buffer> last, Once finished, UsageScanner usage, boolean stream) {
        int status = resp.statusCode();
        Promise<Void> done = Promise.promise();
        IdleWatchdog idle = bodyWatchdog(resp);
        Handler<Throwable> cut = e -> {
            idle.stop();
            finished.run();
            // Upstream died mid-body, went idle, sent what cannot be read, or the client left: cut both sides so
            // nobody mistakes a truncated answer for a complete one.
            resp.request().reset();
            if (!response.closed()) {
                response.reset();
            }
            attemptEnded(cutReason(e));
            LOG.debug("Relay from {} cut: {}", target.name(), e.toString());
            done.tryComplete();
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
                response.write(out);
            }
            if (response.writeQueueFull()) {
                resp.pause();
                response.drainHandler(v -> resp.resume());
            }
        });
        resp.endHandler(v -> {
            idle.stop();
            finished.run();
            Buffer rest;
            try {
                rest = last.get();
            } catch (ProviderResponseException e) {
                cut.handle(e);
                return;
            }
            attemptEnded(answered(status));
            if (rest != null && rest.length() > 0) {
                observe(rest, usage, stream);
                response.end(rest);
            } else {
                response.end();
            }
            done.tryComplete();
        });
        resp.exceptionHandler(cut);
        return done.future();
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

    /** Why a relay was cut, as an attempt's error type. */
    private String cutReason(Throwable e) {
        if (clientGone) {
            return "client_gone";
        }
        if (e instanceof TimeoutException) {
            return Cause.TIMEOUT.label();
        }
        return e instanceof ProviderResponseException ? Cause.BAD_RESPONSE.label() : Cause.CONNECTION.label();
    }

    private AttemptFailure.Failed classify(TargetRuntime runtime, Throwable e, boolean connected,
            Timeouts timeouts) {
        if (e instanceof AttemptFailure.Failed f) {
            return f;
        }
        String reason;
        Cause cause;
        if (e instanceof TimeoutException) {
            cause = Cause.TIMEOUT;
            reason = connected ? "timeout after " + timeouts.responseMillis() + " ms"
                    : "connect timeout after " + timeouts.connectMillis() + " ms";
        } else if (e instanceof ConnectException) {
            cause = Cause.CONNECTION;
            reason = "connection refused";
        } else {
            cause = Cause.CONNECTION;
            reason = connected ? "connection closed" : "connection failed";
        }
        if (!clientGone) {
            runtime.health().onFailure(cause == Cause.TIMEOUT ? "timeout" : reason);
        }
        return new AttemptFailure.Failed(new AttemptFailure(runtime.target().name(), cause, reason, null));
    }

    private static <T> Future<T> failed(Target target, Cause cause, String reason, String retryAfter) {
        return Future.failedFuture(
                new AttemptFailure.Failed(new AttemptFailure(target.name(), cause, reason, retryAfter)));
    }

    /** Runs its action once, however many paths end an attempt. */
    private static final class Once implements Runnable {
        private final Runnable action;
        private boolean ran;

        Once(Runnable action) {
            this.action = action;
        }

        @Override
        public synchronized void run() {
            if (!ran) {
                ran = true;
                action.run();
            }
        }
    }
}
