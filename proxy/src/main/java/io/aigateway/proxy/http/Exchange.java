package io.aigateway.proxy.http;

import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.http.AttemptFailure.Cause;
import io.aigateway.proxy.http.ProxyException.Kind;
import io.aigateway.proxy.routing.Attempts;
import io.aigateway.proxy.routing.RouteMatch;
import io.aigateway.proxy.routing.TargetRuntime;
import io.vertx.core.Future;
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
import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client request after its body arrived: tries the planner's targets one after another until one answers with
 * something other than a failure, then relays that answer as it streams. Never retries once the response to the
 * client has started. Runs on the request's event loop; futures only.
 */
final class Exchange {

    private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

    private final HttpServerRequest request;
    private final HttpServerResponse response;
    private final RuntimeConfig config;
    private final RouteMatch match;
    private final HttpClient client;
    private final Vertx vertx;
    private final List<AttemptFailure> failures = new ArrayList<>(2);
    private Buffer body;
    private String model;
    private Attempts attempts;
    private volatile HttpClientRequest upstream;
    private volatile boolean clientGone;

    Exchange(HttpServerRequest request, RuntimeConfig config, RouteMatch match, HttpClient client) {
        this.request = request;
        this.response = request.response();
        this.config = config;
        this.match = match;
        this.client = client;
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
        return attempt(target.get()).recover(e -> {
            if (e instanceof AttemptFailure.Failed failed) {
                failures.add(failed.failure);
                LOG.debug("{} failed: {}", target.get(), failed.failure.reason());
                return next();
            }
            return Future.failedFuture(e);
        });
    }

    private Future<Void> attempt(TargetRuntime runtime) {
        Target target = runtime.target();
        if (!UpstreamRequests.forwardsAsIs(target)) {
            // Translation to other provider APIs is not built yet: the target is skipped without being contacted,
            // so its health is untouched (a trial it may hold expires after an interval).
            return failed(target, Cause.UNSUPPORTED,
                    UpstreamRequests.providerName(target.provider()) + " targets are not supported yet", null);
        }
        Timeouts timeouts = match.upstream().timeouts();
        MultiMap headers = UpstreamRequests.headers(request.headers(), config.clientKeys().headers(), target,
                config.credentials());
        Buffer payload = body;
        if (model != null) {
            String send = runtime.modelFor(model);
            if (send != null && !send.equals(model)) {
                payload = ModelField.replace(body, send);
            }
        }
        boolean hasBody = payload.length() > 0 || request.headers().contains(HttpHeaders.CONTENT_LENGTH)
                || request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
        if (hasBody) {
            headers.set(HttpHeaders.CONTENT_LENGTH, String.valueOf(payload.length()));
        }
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.endpoint().host())
                .setPort(target.endpoint().port())
                .setSsl("https".equals(target.endpoint().protocol()))
                .setURI(UpstreamRequests.uri(target, match.upstreamPath(), request.query()))
                .setHeaders(headers)
                .setConnectTimeout(timeouts.connectMillis())
                // Until the response headers; switched to idleMillis once they arrived.
                .setIdleTimeout(timeouts.responseMillis());
        Buffer toSend = payload;
        runtime.started();
        Once finished = new Once(runtime::finished);
        Promise<Void> connected = Promise.promise();
        return client.request(options)
                .compose(req -> {
                    connected.tryComplete();
                    upstream = req;
                    if (clientGone) {
                        req.reset();
                    }
                    return hasBody ? req.send(toSend) : req.send();
                })
                .recover(e -> {
                    finished.run();
                    return Future.failedFuture(classify(runtime, e, connected.future().isComplete(), timeouts));
                })
                .compose(resp -> onResponse(runtime, resp, timeouts, finished));
    }

    private Future<Void> onResponse(TargetRuntime runtime, HttpClientResponse resp, Timeouts timeouts,
            Once finished) {
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
            IdleWatchdog idle = IdleWatchdog.start(vertx, timeouts.idleMillis(), req::reset);
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
        runtime.health().onSuccess();
        return relay(target, resp, timeouts, finished);
    }

    /** Sends the answer on as it arrives; from here on the request is never retried. */
    private Future<Void> relay(Target target, HttpClientResponse resp, Timeouts timeouts, Once finished) {
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
        out.set("X-Selected-Provider", UpstreamRequests.providerName(target.provider()));
        out.set("X-Selected-Target", target.name());
        boolean bodyless = request.method() == HttpMethod.HEAD || resp.statusCode() == 204
                || resp.statusCode() == 304;
        if (!bodyless && !in.contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        Promise<Void> done = Promise.promise();
        IdleWatchdog idle = IdleWatchdog.start(vertx, timeouts.idleMillis(), () -> resp.request().reset(0,
                new TimeoutException("no data for " + timeouts.idleMillis() + " ms")));
        // As it arrives, with back-pressure: the upstream pauses while the client's write queue is full.
        resp.handler(chunk -> {
            idle.touch();
            response.write(chunk);
            if (response.writeQueueFull()) {
                resp.pause();
                response.drainHandler(v -> resp.resume());
            }
        });
        resp.endHandler(v -> {
            idle.stop();
            finished.run();
            response.end();
            done.tryComplete();
        });
        resp.exceptionHandler(e -> {
            idle.stop();
            finished.run();
            // Upstream died mid-body, went idle, or the client left: cut both sides so nobody mistakes a
            // truncated answer for a complete one.
            resp.request().reset();
            if (!response.closed()) {
                response.reset();
            }
            LOG.debug("Relay from {} cut: {}", target.name(), e.toString());
            done.tryComplete();
        });
        return done.future();
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
