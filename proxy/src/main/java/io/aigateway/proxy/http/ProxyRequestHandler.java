package io.aigateway.proxy.http;

import io.aigateway.model.Algorithm;
import io.aigateway.model.ClientKey;
import io.aigateway.proxy.auth.ClientKeyIndex;
import io.aigateway.proxy.auth.CredentialInjector;
import io.aigateway.proxy.auth.GoogleAccessTokens;
import io.aigateway.proxy.config.ConfigHolder;
import io.aigateway.proxy.config.RuntimeConfig;
import io.aigateway.proxy.http.ProxyException.Kind;
import io.aigateway.proxy.http.upstream.UpstreamClient;
import io.aigateway.proxy.limits.LimitRegistry;
import io.aigateway.proxy.limits.WindowCounters;
import io.aigateway.proxy.metrics.ProxyMetrics;
import io.aigateway.proxy.metrics.RequestLabels;
import io.aigateway.proxy.routing.ExpectedTokens;
import io.aigateway.proxy.routing.Failover;
import io.aigateway.proxy.routing.RouteMatch;
import io.aigateway.proxy.routing.TargetRuntime;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * The front of the data path: config, route, client key and body limit; then the key's and rule's limits
 * ({@link KeyAdmission}); then {@link Failover} tries the targets, one {@link UpstreamAttempt} each, and the
 * {@link Relay} writes the answer. Every failure goes to {@link ErrorResponses}. Every request is observed for the
 * metrics and counted in flight; while the proxy drains, new ones are refused.
 */
public final class ProxyRequestHandler implements Handler<HttpServerRequest> {

    private final ConfigHolder configs;
    private final UpstreamClient client;
    private final Clock clock;
    private final CredentialInjector credentials;
    private final ProxyMetrics metrics;
    private final InFlight inFlight;
    private final LimitRegistry limits;
    private final WindowCounters usage;
    private final Deadlines deadlines;

    /**
     * @param usage the store client keys' and rules' limits count in
     * @param deadlines the timeouts of this handler's event loop, where every request it handles runs
     */
    public ProxyRequestHandler(ConfigHolder configs, UpstreamClient client, Clock clock, ProxyMetrics metrics,
            InFlight inFlight, LimitRegistry limits, WindowCounters usage, GoogleAccessTokens googleTokens,
            Deadlines deadlines) {
        this.configs = configs;
        this.client = client;
        this.clock = clock;
        this.credentials = new CredentialInjector(clock, googleTokens);
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.limits = limits;
        this.usage = usage;
        this.deadlines = deadlines;
    }

    @Override
    public void handle(HttpServerRequest request) {
        RequestObservation observation = new RequestObservation(request.response(), metrics, inFlight);
        try {
            route(request, observation);
        } catch (RuntimeException e) {
            ErrorResponses.send(request, e);
        }
    }

    private void route(HttpServerRequest request, RequestObservation observation) {
        // One config for the whole request, whatever is swapped in meanwhile.
        RuntimeConfig config = configs.current();
        if (inFlight.draining()) {
            unrouted(observation, config, request);
            throw new ProxyException(Kind.SHUTTING_DOWN, "The gateway is shutting down; retry the request.");
        }
        if (config == null) {
            throw new ProxyException(Kind.NOT_READY, "The gateway has no configuration yet; try again shortly.");
        }
        HostAndPort authority = request.authority();
        RouteMatch match = config.routes().match(authority == null ? null : authority.host(), request.path(),
                request.method().name());
        if (match == null) {
            unrouted(observation, config, request);
            throw new ProxyException(Kind.NO_ROUTE,
                    "No route for " + request.method().name() + " " + request.path() + ".");
        }
        observation.routed(config.config().gateway(), match.route().rule(), match.upstreamPath());
        ClientKeyIndex.Result key = config.clientKeys().check(request.headers(), clock.instant());
        switch (key.status()) {
            case MISSING -> throw new ProxyException(Kind.MISSING_KEY,
                    "You didn't provide an API key. Send it in the Authorization header as Bearer, or in x-api-key.");
            case INVALID -> throw new ProxyException(Kind.INVALID_KEY, "Incorrect API key provided.");
            case EXPIRED -> throw new ProxyException(Kind.EXPIRED_KEY, "The API key provided has expired.");
            case ACCEPTED -> {
            }
        }
        if (match.route().unavailable() != null) {
            throw new ProxyException(Kind.ROUTE_UNAVAILABLE, match.route().unavailable());
        }
        if (request.method() == HttpMethod.GET && match.upstreamPath().endsWith("/models")) {
            // Answered by the gateway: which models this route's healthy targets serve.
            request.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(ModelList.of(match.planner()));
            return;
        }
        long max = config.maxRequestBodyBytes();
        long contentLength = contentLength(request);
        if (contentLength > max) {
            throw BodyReader.tooLarge(max);
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            request.response().writeContinue();
        }
        BodyReader.read(request, max, contentLength, deadlines,
                config.clientTimeouts().requestBodyMillis())
                .compose(body -> proxy(request, config, match, key.key(), observation, body))
                .onFailure(e -> ErrorResponses.send(request, e));
    }

    /**
     * The request once its body arrived: admitted by its key's and rule's limits, then its targets tried one after
     * another until one answers.
     */
    private Future<Void> proxy(HttpServerRequest request, RuntimeConfig config, RouteMatch match, ClientKey key,
            RequestObservation observation, Buffer body) {
        ProxiedRequest proxied = new ProxiedRequest(request, match, body);
        observation.model(proxied.model());
        // On the request's event loop: the timers of its attempts and relay run there too.
        Vertx vertx = Vertx.currentContext().owner();
        Relay relay = new Relay(proxied, observation, deadlines, match.upstream().timeouts().idleMillis());
        UpstreamAttempt attempt = new UpstreamAttempt(proxied, config, client, vertx, deadlines, clock, credentials,
                metrics, observation, relay, limits);
        // Throws ModelNotRouted (404) when the upstream's model routes send this model nowhere.
        List<TargetRuntime> candidates = match.planner().candidates(proxied.model());
        Predicate<TargetRuntime> able = attempt.able(candidates);
        ExpectedTokens expected = match.upstream().algorithm() == Algorithm.LOWEST_COST ? proxied.expectedTokens()
                : ExpectedTokens.NONE;
        return KeyAdmission.admit(proxied, key, candidates, able, usage, metrics, observation)
                .compose(admitted -> new Failover(match.planner().attempts(proxied.model(), able, expected))
                        .run(attempt));
    }

    /** Labels a request refused before a route was chosen: its gateway, when a config is loaded, and no rule. */
    private static void unrouted(RequestObservation observation, RuntimeConfig config, HttpServerRequest request) {
        if (config != null) {
            observation.routed(config.config().gateway(), RequestLabels.NONE, request.path());
        }
    }

    private static long contentLength(HttpServerRequest request) {
        String value = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
