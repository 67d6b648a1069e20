package io.aigateway.proxy.http;

import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.UnsupportedFields;
import io.aigateway.proxy.auth.CredentialInjector;
import io.aigateway.proxy.auth.GoogleAccessTokens;
import io.aigateway.proxy.auth.Redaction;
import io.aigateway.proxy.auth.UnsendableCredentialException;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.health.TargetHealth;
import io.aigateway.proxy.http.ProxyException.Kind;
import io.aigateway.proxy.http.upstream.UpstreamClient;
import io.aigateway.proxy.http.upstream.UpstreamResponse;
import io.aigateway.proxy.limits.Admission;
import io.aigateway.proxy.limits.LimitRegistry;
import io.aigateway.proxy.limits.Permit;
import io.aigateway.proxy.limits.TargetLimits;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.metrics.RequestLabels;
import io.aigateway.proxy.metrics.UsageScanner;
import io.aigateway.proxy.provider.Translators;
import io.aigateway.proxy.provider.Translators.Refusal;
import io.aigateway.proxy.provider.Translators.Translation;
import io.aigateway.proxy.provider.openai.ChatRequests;
import io.aigateway.proxy.provider.translation.ClientApi;
import io.aigateway.proxy.provider.translation.ClientError;
import io.aigateway.proxy.provider.translation.ClientRequest;
import io.aigateway.proxy.provider.translation.Json;
import io.aigateway.proxy.provider.translation.PassThroughTranslator;
import io.aigateway.proxy.provider.translation.ProviderResponseException;
import io.aigateway.proxy.provider.translation.StreamTranslator;
import io.aigateway.proxy.provider.translation.TranslationException;
import io.aigateway.proxy.provider.translation.Translator;
import io.aigateway.proxy.provider.translation.UpstreamCall;
import io.aigateway.proxy.routing.AttemptFailure;
import io.aigateway.proxy.routing.AttemptFailure.Cause;
import io.aigateway.proxy.routing.Failover;
import io.aigateway.proxy.routing.TargetRuntime;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.StreamResetException;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Sends one attempt of a request to one target, each time {@link Failover} asks: builds what goes to the target
 * (forwarded as-is or translated, as {@link Translators} decides), adds its credentials, sends it, classifies the
 * outcome, reports it to the target's health in one place ({@link #report}), and hands an answer that stands to the
 * {@link Relay}. A failover status (429 or 5xx), a target that cannot be reached in time, an answer that cannot be
 * read (translated, or forwarded: {@link #forwarded}), or a credential no header can carry fails the attempt with an
 * {@link AttemptFailure.Failed}; an answer too large to read whole ends the request instead. An attempt holds one
 * of its target's {@link io.aigateway.proxy.routing.ConnectionSlots} from before it connects until it ends; no slot
 * free within the upstream's queue limit fails it too, as the gateway's own overload. Runs on the request's event
 * loop.
 */
final class UpstreamAttempt implements Failover.Request {

    /** What an attempt hands to the relay: the target's answer as it came, translated as it streams, or whole. */
    private sealed interface Answer {
        record AsIs(UpstreamResponse resp) implements Answer {
        }

        record Streamed(UpstreamResponse resp, StreamTranslator stream) implements Answer {
        }

        record Whole(int status, Buffer json) implements Answer {
        }

        /**
         * Forwarded, read whole first: checked, its usage read in the same pass, or scrubbed of the target's
         * credentials (an error; {@code usage} null).
         */
        record ForwardedWhole(UpstreamResponse resp, Buffer body, Redaction redaction, UsageScanner usage)
                implements Answer {
        }
    }

    /**
     * What goes to the target, before its credentials. The attempt's futures, and the lambdas that capture this,
     * live as long as its answer (a stream's: minutes): its headers and payload are let go once sent ({@link #sent}).
     */
    private static final class Outgoing {
        private final HttpMethod method;
        private final String uri;
        private final Translator translator;
        private MultiMap headers;
        private Buffer payload;

        Outgoing(HttpMethod method, String uri, MultiMap headers, Buffer payload, Translator translator) {
            this.method = method;
            this.uri = uri;
            this.headers = headers;
            this.payload = payload;
            this.translator = translator;
        }

        HttpMethod method() {
            return method;
        }

        String uri() {
            return uri;
        }

        MultiMap headers() {
            return headers;
        }

        /** The body to send; null for none. */
        Buffer payload() {
            return payload;
        }

        Translator translator() {
            return translator;
        }

        /**
         * The request is on its way: its headers are the upstream request's now (cleared there once an answer
         * stands), and the payload is written.
         */
        void sent() {
            headers = null;
            payload = null;
        }
    }

    /**
     * The largest answer read whole (not streamed): a translated answer, or a forwarded JSON or error answer. One
     * above it ends the request with its own error; a stream has no limit. Also keeps every JSON string of an
     * answer under Jackson's default length limit (20 million characters).
     */
    static final int MAX_WHOLE_ANSWER_BYTES = 16 * 1024 * 1024;
    /** How much of a failed answer's body is kept for its retry hint; error bodies are a few hundred bytes. */
    private static final int ERROR_BODY_KEPT = 16 * 1024;
    /**
     * How long a target that answered 429 without saying how long to wait is sent nothing: providers' per-minute
     * budgets refill continuously, so a few seconds usually free some room.
     */
    private static final Duration PAUSE_WITHOUT_HINT = Duration.ofSeconds(5);
    /** Names the request fields left out for the target that answered, under {@code unsupportedFields: drop}. */
    static final String DROPPED_FIELDS = "X-Dropped-Fields";

    private final ProxiedRequest request;
    private final RuntimeConfig config;
    private final UpstreamClient client;
    private final Vertx vertx;
    private final Deadlines deadlines;
    private final Clock clock;
    private final CredentialInjector credentials;
    private final ProxyMetrics metrics;
    private final RequestLabels labels;
    private final Relay relay;
    private final Timeouts timeouts;
    private final LimitRegistry limits;
    private final RequestObservation observation;

    UpstreamAttempt(ProxiedRequest request, RuntimeConfig config, UpstreamClient client, Vertx vertx,
            Deadlines deadlines, Clock clock,
            CredentialInjector credentials, ProxyMetrics metrics, RequestObservation observation, Relay relay,
            LimitRegistry limits) {
        this.request = request;
        this.config = config;
        this.client = client;
        this.vertx = vertx;
        this.deadlines = deadlines;
        this.clock = clock;
        this.credentials = credentials;
        this.metrics = metrics;
        this.labels = observation.labels();
        this.observation = observation;
        this.relay = relay;
        this.timeouts = request.match().upstream().timeouts();
        this.limits = limits;
    }

    @Override
    public Optional<RuntimeException> abandoned() {
        return request.clientGone()
                ? Optional.of(new ProxyException(Kind.CLIENT_GONE, "client went away"))
                : Optional.empty();
    }

    @Override
    public void failingOver(AttemptFailure last, TargetRuntime next) {
        metrics.failover(labels, last.target(), next.target().name(), last.cause().label());
        relay.trail().failed(last);
    }

    /**
     * The targets this request may go to: under {@code unsupportedFields: refuse}, those whose API honours all its
     * fields; every target under {@code drop}, when no target translates the request, or when there is only one
     * (nothing to choose: its attempt refuses what it cannot honour itself).
     *
     * @throws ProxyException.BadRequest naming the field and the targets when no target honours the request
     */
    Predicate<TargetRuntime> able(List<TargetRuntime> targets) {
        if (request.api() == null || targets.size() < 2
                || request.match().upstream().unsupportedFields() == UnsupportedFields.DROP) {
            return target -> true;
        }
        Map<TargetRuntime, Refusal> unable = null; // most requests: every target honours them, nothing to keep
        for (TargetRuntime target : targets) {
            List<Refusal> refusals = refusals(target);
            if (!refusals.isEmpty()) {
                if (unable == null) {
                    unable = new HashMap<>();
                }
                unable.put(target, refusals.get(0));
            }
        }
        if (unable == null) {
            return target -> true;
        }
        if (unable.size() == targets.size()) {
            StringJoiner reasons = new StringJoiner("; ", "No target of this upstream can serve the request: ", ".");
            for (TargetRuntime t : targets) {
                reasons.add(t.target().name() + ": " + unable.get(t).reason());
            }
            throw new ProxyException.BadRequest(unable.get(targets.get(0)).field(), reasons.toString());
        }
        Map<TargetRuntime, Refusal> refused = unable;
        return target -> !refused.containsKey(target);
    }

    private Translation translation(TargetRuntime target) {
        return Translators.forRequest(request.api(), target.target(), clock);
    }

    /** The request fields the target cannot honour; only translated requests are read. */
    private List<Refusal> refusals(TargetRuntime target) {
        return translation(target) instanceof Translation.Translate translate
                ? Translators.unhonoured(translate.translator(), target.target(), request.parsed().body())
                : List.of();
    }

    @Override
    public Future<Void> attempt(TargetRuntime runtime) {
        Target target = runtime.target();
        Outgoing out;
        if (request.match().upstream().unsupportedFields() == UnsupportedFields.DROP) {
            // An earlier attempt's, which failed over.
            request.request().response().headers().remove(DROPPED_FIELDS);
        }
        Translation translation = translation(runtime);
        if (translation instanceof Translation.Unsupported unsupported) {
            return failed(target, Cause.UNSUPPORTED, unsupported.reason());
        }
        try {
            out = translation instanceof Translation.Translate translate
                    ? translated(runtime, translate.translator())
                    : forwarded(runtime);
        } catch (TranslationException e) {
            return Future.failedFuture(new ProxyException.BadRequest(e.field(), e.getMessage()));
        } catch (ProxyException.BadRequest e) {
            return Future.failedFuture(e);
        }
        Future<Void> authorized;
        try {
            authorized = credentials.authorize(target, config.credentials(), out.method().name(), out.uri(),
                    out.headers(), out.payload());
        } catch (UnsendableCredentialException e) {
            // A Secret the compiler would refuse: this target cannot be used, the next one may.
            return failed(target, Cause.CREDENTIALS, e.getMessage());
        }
        TargetLimits targetLimits = limits.of(runtime.upstream(), target);
        return authorized
                .recover(e -> credentialsFailed(runtime, targetLimits, e))
                .compose(ok -> targetLimits.admit(tokensToReserve(target)))
                .compose(admission -> {
                    if (admission instanceof Admission.Limited limited) {
                        // Skipped: nothing was sent; the failover gives back its health claim and tries the next one.
                        metrics.limited(labels, target, limited.limit());
                        return Future.failedFuture(AttemptFailure.Failed.notSent(new AttemptFailure(target.name(),
                                Cause.RATE_LIMITED, "rate limited (" + limited.limit() + ")", 0,
                                limited.retryAfter())));
                    }
                    return admitted(runtime, out, targetLimits, ((Admission.Admitted) admission).permit());
                });
    }

    /** The attempt once its target's limits admitted it: the permit is ended, settled or refunded as it ends. */
    private Future<Void> admitted(TargetRuntime runtime, Outgoing out, TargetLimits targetLimits, Permit permit) {
        Target target = runtime.target();
        long startNanos = System.nanoTime();
        return runtime.connections().acquire(vertx, timeouts.queueMillis())
                .recover(e -> {
                    permit.endAttempt();
                    permit.refund();
                    return failed(target, Cause.QUEUE_TIMEOUT, e.getMessage());
                })
                .compose(slot -> {
                    Once finished = new Once(() -> {
                        runtime.finished();
                        runtime.connections().release();
                        permit.endAttempt();
                    });
                    long sentNanos = System.nanoTime(); // the target's latency leaves out the wait for a slot
                    return send(runtime, out, finished)
                            .compose(resp -> {
                                observeBudget(targetLimits, resp.headers());
                                return answer(runtime, out.translator(), resp, finished);
                            })
                            .andThen(outcome -> report(runtime.health(), targetLimits, outcome))
                            .andThen(outcome -> {
                                if (outcome.succeeded()) {
                                    observation.settleOnEnd(permit);
                                } else {
                                    permit.refund();
                                }
                            })
                            .compose(answer -> timed(runtime, sentNanos, answer))
                            .andThen(ended -> finished.run());
                })
                .transform(ended -> {
                    String errorType;
                    if (ended.succeeded()) {
                        errorType = ended.result();
                    } else {
                        errorType = ended.cause() instanceof AttemptFailure.Failed f ? f.failure().cause().label()
                                : ended.cause() instanceof ProxyException pe && pe.kind() == Kind.ANSWER_TOO_LARGE
                                        ? "answer_too_large" : "canceled";
                    }
                    metrics.attempt(labels, target, errorType, System.nanoTime() - startNanos);
                    return ended.succeeded() ? Future.succeededFuture() : Future.failedFuture(ended.cause());
                });
    }

    /**
     * A target whose credentials could not be had (a Vertex AI access token): a failed attempt that fails over,
     * and a failure of the target; anything else is the gateway's own fault and fails as it is.
     */
    private Future<Void> credentialsFailed(TargetRuntime runtime, TargetLimits targetLimits, Throwable e) {
        if (!(e instanceof GoogleAccessTokens.AccessTokenException)) {
            return Future.failedFuture(e);
        }
        AttemptFailure.Failed failed = new AttemptFailure.Failed(
                new AttemptFailure(runtime.target().name(), Cause.CREDENTIALS, e.getMessage()));
        report(runtime.health(), targetLimits, Future.failedFuture(failed));
        return Future.failedFuture(failed);
    }

    /** The tokens an attempt reserves at a target that limits them: the request's estimate; 0 elsewhere. */
    private long tokensToReserve(Target target) {
        return target.rateLimit() == null || target.rateLimit().tokensPerMinute() == null ? 0
                : TokenEstimate.of(request);
    }

    /**
     * A provider whose answer says one of its budgets is spent (a remaining count of 0) is sent nothing more until
     * that budget resets, so that its 429 never comes.
     */
    private void observeBudget(TargetLimits targetLimits, MultiMap headers) {
        RetryAfter.Exhausted exhausted = RetryAfter.exhausted(headers, clock.instant());
        if (exhausted != null) {
            targetLimits.pauseFor(exhausted.reset(), exhausted.header() + ": 0");
        }
    }

    /** To an OpenAI-style target: the request as it came, but for model, headers and a top-level system. */
    private Outgoing forwarded(TargetRuntime runtime) {
        Target target = runtime.target();
        MultiMap clientHeaders = request.request().headers();
        Buffer payload = request.body();
        // The target's default model when it does not serve the one asked for, or when none was asked for.
        String send = runtime.modelFor(request.model());
        if (request.api() == ClientApi.OPENAI_CHAT_COMPLETIONS && request.hasSystem()) {
            // The only forwarded body rewritten whole: OpenAI refuses a top-level system.
            payload = PassThroughTranslator.bodyFor(ChatRequests.foldSystem(request.parsed().body()), send);
        } else if (send != null && !send.equals(request.model())) {
            payload = ModelField.replace(payload, send);
        }
        boolean hasBody = payload.length() > 0 || clientHeaders.contains(HttpHeaders.CONTENT_LENGTH)
                || clientHeaders.contains(HttpHeaders.TRANSFER_ENCODING);
        MultiMap headers = UpstreamRequests.headers(clientHeaders, config.clientKeys().headers(), target);
        String uri = UpstreamRequests.uri(target, request.match().upstreamPath(), request.request().query());
        return new Outgoing(request.request().method(), uri, headers, hasBody ? payload : null, null);
    }

    /** To a target with another API: the request translated by this attempt's translator. */
    private Outgoing translated(TargetRuntime runtime, Translator translator) {
        Target target = runtime.target();
        ClientRequest client = request.parsed();
        if (request.match().upstream().unsupportedFields() == UnsupportedFields.DROP) {
            List<Refusal> dropped = Translators.unhonoured(translator, target, client.body());
            if (!dropped.isEmpty()) {
                client = Translators.without(client, dropped);
                request.request().response().headers().set(DROPPED_FIELDS,
                        dropped.stream().map(Refusal::field).collect(Collectors.joining(", ")));
            }
        }
        UpstreamCall call = translator.request(client, target, runtime.modelFor(request.model()));
        MultiMap headers = HttpHeaders.headers().addAll(call.headers());
        target.headers().forEach(headers::set);
        return new Outgoing(HttpMethod.POST, call.path(), headers, call.body(), translator);
    }

    /** Sends the attempt; fails with an {@link AttemptFailure} when the target cannot be reached in time. */
    private Future<UpstreamResponse> send(TargetRuntime runtime, Outgoing out, Once finished) {
        Target target = runtime.target();
        UpstreamClient.Origin origin = new UpstreamClient.Origin(target.endpoint().host(), target.endpoint().port(),
                "https".equals(target.endpoint().protocol()));
        runtime.started();
        Promise<Void> connected = Promise.promise();
        return client.request(origin, timeouts.connectMillis())
                .compose(req -> {
                    connected.tryComplete();
                    request.sending(req);
                    // From sending to the response headers; the body has an idle deadline of its own.
                    Deadlines.Deadline noAnswer = deadlines.arm(timeouts.responseMillis(), () -> req.reset(0,
                            new TimeoutException("no response within " + timeouts.responseMillis() + " ms")));
                    Future<UpstreamResponse> answered = req.send(out.method(), out.uri(), out.headers(), out.payload());
                    out.sent();
                    return answered.onComplete(headersOrFailure -> noAnswer.disarm());
                })
                .recover(e -> {
                    finished.run();
                    return Future.failedFuture(classify(target, e, connected.future().isComplete()));
                });
    }

    /**
     * What the target's answer means: a failover status (429 or 5xx: the answer drained) or a malformed translated
     * answer fails the attempt; an answer that stands goes to the relay. A whole translated answer is read before
     * anything goes to the client, so a malformed one still fails over; a stream is translated as it arrives.
     */
    private Future<Answer> answer(TargetRuntime runtime, Translator translator, UpstreamResponse resp,
            Once finished) {
        Target target = runtime.target();
        int status = resp.statusCode();
        if (status == 401) {
            credentials.rejected(target, resp.request().headers());
        }
        if (status == 429 || status >= 500) {
            Future<Buffer> errorBody = drain(resp, finished);
            Cause cause = status == 429 ? Cause.RATE_LIMITED : Cause.STATUS;
            if (status != 429 && status != 503) {
                return Future.failedFuture(new AttemptFailure.Failed(
                        new AttemptFailure(target.name(), cause, String.valueOf(status), status, null)));
            }
            // A hint may be in the body (Gemini's RetryInfo): wait for it, it is small and comes at once.
            return errorBody.compose(body -> Future.failedFuture(new AttemptFailure.Failed(new AttemptFailure(
                    target.name(), cause, String.valueOf(status), status,
                    RetryAfter.of(status, resp.headers(), body, clock.instant())))));
        }
        if (request.clientGone()) {
            discard(resp, finished);
            return Future.failedFuture(new ProxyException(Kind.CLIENT_GONE, "client went away"));
        }
        if (translator == null) {
            return forwarded(target, resp, finished);
        }
        if (status < 400 && request.parsed().stream()) {
            return Future.<Answer>succeededFuture(new Answer.Streamed(resp, translator.stream()));
        }
        return readBody(target, resp, finished).compose(body -> {
            if (status >= 400) {
                // The target is up and refused the request: the client hears why, in its own format.
                ClientError error = translator.error(status, resp.headers(), redaction(target).apply(body));
                return Future.<Answer>succeededFuture(new Answer.Whole(error.status(), error.body()));
            }
            try {
                return Future.<Answer>succeededFuture(new Answer.Whole(status, translator.response(body)));
            } catch (ProviderResponseException e) {
                return failed(target, Cause.BAD_RESPONSE, "malformed answer (" + e.getMessage() + ")");
            }
        });
    }

    /**
     * A forwarded answer. An error is read whole and scrubbed of the target's credentials. A success to a chat or
     * messages request is checked before anything reaches the client, as far as it can be without parsing it twice:
     * it must come as its API sends it (server-sent events for a stream, JSON otherwise), and a JSON answer is read
     * whole and must be well-formed. Any other answer (a stream, a file, an embedding of any size) goes to the client
     * as it comes.
     */
    private Future<Answer> forwarded(Target target, UpstreamResponse resp, Once finished) {
        int status = resp.statusCode();
        if (request.request().method() == HttpMethod.HEAD || status == 204 || status == 304) {
            return Future.succeededFuture(new Answer.AsIs(resp));
        }
        if (status >= 400) {
            Redaction redaction = redaction(target);
            return readBody(target, resp, finished)
                    .map(body -> new Answer.ForwardedWhole(resp, redaction.apply(body), redaction, null));
        }
        if (request.api() == null || status >= 300) {
            return Future.succeededFuture(new Answer.AsIs(resp));
        }
        String unexpected = unexpectedType(resp.getHeader(HttpHeaders.CONTENT_TYPE));
        if (unexpected != null) {
            discard(resp, finished);
            return failed(target, Cause.BAD_RESPONSE, unexpected);
        }
        String encoding = resp.getHeader(HttpHeaders.CONTENT_ENCODING);
        if (request.streamed() || (encoding != null && !encoding.equalsIgnoreCase("identity"))) {
            return Future.succeededFuture(new Answer.AsIs(resp));
        }
        UsageScanner usage = UsageScanner.forJson();
        return readBody(target, resp, finished).compose(body -> Json.wellFormed(body, "usage", usage::read)
                ? Future.succeededFuture(new Answer.ForwardedWhole(resp, body, Redaction.NONE, usage))
                : failed(target, Cause.BAD_RESPONSE, "malformed answer (not well-formed JSON)"));
    }

    /**
     * Why a forwarded success cannot answer this chat or messages request, judged by its content type: server-sent
     * events for a stream, JSON otherwise. Null when it can, or when it has none (then the body tells).
     */
    private String unexpectedType(String type) {
        if (type == null) {
            return null;
        }
        if (request.streamed()) {
            return type.regionMatches(true, 0, "text/event-stream", 0, 17) ? null
                    : "answered a stream request with content type " + type;
        }
        return isJson(type) ? null : "answered with content type " + type + " instead of JSON";
    }

    private static boolean isJson(String type) {
        return type != null && type.toLowerCase(Locale.ROOT).contains("json");
    }

    /** The target's credentials as they must never be relayed from its answers. */
    private Redaction redaction(Target target) {
        return CredentialInjector.redaction(target, config.credentials());
    }

    /**
     * The one place an attempt's outcome reaches its target's health: an answer that stands (a client-caused 4xx
     * too) is a success; a 5xx, timeout, connection error or malformed answer a breaker failure, and a 503's retry
     * hint a pause as well. A 429 is a limit, not a failure: the target's limits pause it for as long as it asked,
     * its breaker is untouched. A request refused before it was sent (the gateway's own queue timeout included), or
     * whose client left, says nothing about the target, nor does a connection the client's leaving cut.
     */
    private void report(TargetHealth health, TargetLimits targetLimits, AsyncResult<Answer> outcome) {
        if (outcome.succeeded()) {
            health.onSuccess();
            return;
        }
        if (!(outcome.cause() instanceof AttemptFailure.Failed failed)) {
            return;
        }
        AttemptFailure failure = failed.failure();
        switch (failure.cause()) {
            case RATE_LIMITED -> targetLimits.pauseFor(
                    failure.retryAfter() != null ? failure.retryAfter() : PAUSE_WITHOUT_HINT, "429");
            case STATUS -> {
                health.onFailure(failure.reason());
                if (failure.retryAfter() != null) {
                    health.pauseFor(failure.retryAfter());
                }
            }
            case BAD_RESPONSE -> health.onFailure("malformed answer");
            case CREDENTIALS -> health.onFailure(failure.reason());
            case TIMEOUT, CONNECTION -> {
                if (!request.clientGone()) {
                    health.onFailure(failure.cause() == Cause.TIMEOUT ? "timeout" : failure.reason());
                }
            }
            case UNSUPPORTED, QUEUE_TIMEOUT -> {
                // Decided by the gateway before anything reached the target.
            }
        }
    }

    /**
     * Relays the answer and gives its latency to the target ({@link TargetRuntime#answered}), for the answers that
     * say how fast the target is (2xx): a stream's when its first byte is in (its headers), any other's at its end.
     */
    private Future<String> timed(TargetRuntime runtime, long sentNanos, Answer answer) {
        UpstreamResponse resp = answer instanceof Answer.AsIs a ? a.resp()
                : answer instanceof Answer.Streamed s ? s.resp() : null;
        boolean stream = answer instanceof Answer.Streamed || resp != null
                && String.valueOf(resp.getHeader(HttpHeaders.CONTENT_TYPE)).startsWith("text/event-stream");
        if (stream) {
            if (resp.statusCode() < 300) {
                runtime.answered(System.nanoTime() - sentNanos);
            }
            return relay(runtime.target(), answer);
        }
        return relay(runtime.target(), answer).andThen(ended -> {
            if (ended.succeeded() && ended.result().isEmpty()) {
                runtime.answered(System.nanoTime() - sentNanos);
            }
        });
    }

    private Future<String> relay(Target target, Answer answer) {
        // No attempt follows: the client's body and the headers sent (kept with the upstream request) were only for
        // attempts, and would otherwise stay as long as the answer (a stream's: minutes).
        request.answerStands();
        if (answer instanceof Answer.AsIs a) {
            a.resp().request().headers().clear();
            return relay.asIs(target, a.resp());
        }
        if (answer instanceof Answer.Streamed s) {
            s.resp().request().headers().clear();
            return relay.translatedStream(target, s.resp(), s.stream());
        }
        if (answer instanceof Answer.ForwardedWhole f) {
            return relay.forwardedWhole(target, f.resp(), f.body(), f.redaction(), f.usage());
        }
        Answer.Whole w = (Answer.Whole) answer;
        return relay.translatedWhole(target, w.status(), w.json());
    }

    /**
     * Reads a failed answer's body to its end, so that the connection can be reused, keeping only its first
     * {@link #ERROR_BODY_KEPT} bytes: the body as far as it was kept once it ends or breaks off.
     */
    private Future<Buffer> drain(UpstreamResponse resp, Once finished) {
        Promise<Buffer> ended = Promise.promise();
        Buffer kept = Buffer.buffer();
        Deadlines.Deadline idle = deadlines.arm(timeouts.idleMillis(), resp.request()::reset);
        resp.handler(b -> {
            idle.touch();
            if (kept.length() < ERROR_BODY_KEPT) {
                kept.appendBuffer(b, 0, Math.min(b.length(), ERROR_BODY_KEPT - kept.length()));
            }
        });
        resp.exceptionHandler(e -> {
            idle.disarm();
            finished.run();
            ended.tryComplete(kept);
        });
        resp.endHandler(v -> {
            idle.disarm();
            finished.run();
            ended.tryComplete(kept);
        });
        return ended.future();
    }

    /**
     * A whole answer body, in one buffer sized from its Content-Length when it has one. Fails with an
     * {@link AttemptFailure} when cut or silent for the idle timeout, and with {@link Kind#ANSWER_TOO_LARGE} (the
     * upstream reset, the target's health untouched) once it exceeds {@link #MAX_WHOLE_ANSWER_BYTES}.
     */
    private Future<Buffer> readBody(Target target, UpstreamResponse resp, Once finished) {
        long declared = contentLength(resp);
        if (declared > MAX_WHOLE_ANSWER_BYTES) {
            discard(resp, finished);
            return Future.failedFuture(tooLarge(target));
        }
        Promise<Buffer> read = Promise.promise();
        Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 1024);
        Deadlines.Deadline idle = deadlines.idleBody(timeouts.idleMillis(), resp);
        resp.handler(chunk -> {
            idle.touch();
            if (read.future().isComplete()) {
                return;
            }
            if (body.length() + chunk.length() > MAX_WHOLE_ANSWER_BYTES) {
                idle.disarm();
                read.tryFail(tooLarge(target));
                discard(resp, finished);
                return;
            }
            body.appendBuffer(chunk);
        });
        resp.endHandler(v -> {
            idle.disarm();
            finished.run();
            read.tryComplete(body);
        });
        resp.exceptionHandler(e -> {
            idle.disarm();
            finished.run();
            read.tryFail(classify(target, e, true));
        });
        return read.future();
    }

    /** Drops an answer nobody will read: its connection closed rather than read to its end. */
    private static void discard(UpstreamResponse resp, Once finished) {
        resp.exceptionHandler(e -> {
        });
        resp.request().reset();
        finished.run();
    }

    private static long contentLength(UpstreamResponse resp) {
        try {
            String value = resp.getHeader(HttpHeaders.CONTENT_LENGTH);
            return value == null ? -1 : Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ProxyException tooLarge(Target target) {
        return new ProxyException(Kind.ANSWER_TOO_LARGE, "The answer of target " + target.name() + " is larger "
                + "than the gateway's limit of " + MAX_WHOLE_ANSWER_BYTES + " bytes (16 MiB) for an answer read "
                + "whole; ask for a stream (\"stream\": true), which is not limited.");
    }

    /** A target that could not be reached, or stopped answering, as an attempt's failure. */
    private AttemptFailure.Failed classify(Target target, Throwable e, boolean connected) {
        String reason;
        Cause cause;
        // A deadline that resets the request passes its TimeoutException as the reset's cause.
        if (e instanceof TimeoutException
                || e instanceof StreamResetException && e.getCause() instanceof TimeoutException) {
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
        return new AttemptFailure.Failed(new AttemptFailure(target.name(), cause, reason));
    }

    private static <T> Future<T> failed(Target target, Cause cause, String reason) {
        return Future.failedFuture(new AttemptFailure.Failed(new AttemptFailure(target.name(), cause, reason)));
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
