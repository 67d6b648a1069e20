package io.aigateway.proxy.support;

import io.aigateway.model.Algorithm;
import io.aigateway.model.ClientKey;
import io.aigateway.model.ClientKeyHeader;
import io.aigateway.model.ClientTimeouts;
import io.aigateway.model.Credentials;
import io.aigateway.model.Endpoint;
import io.aigateway.model.HealthChecks;
import io.aigateway.model.Provider;
import io.aigateway.model.RateLimit;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.Service;
import io.aigateway.model.Target;
import io.aigateway.model.Timeouts;
import io.aigateway.model.UnsupportedFields;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.auth.ClientKeyIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Small builders for routing configs pointing at fake upstreams on 127.0.0.1. */
public final class Configs {

    public static final String CLIENT_KEY = "sk-client-test-key";
    public static final String EXPIRED_KEY = "sk-client-expired-key";
    public static final HealthChecks HEALTH = new HealthChecks(true, 100, 60);
    public static final Timeouts TIMEOUTS = new Timeouts(2_000, 10_000, 10_000, 10_000);

    private Configs() {
    }

    public static Target target(String name, int port) {
        return target(name, port, 1, 1);
    }

    public static Target target(String name, int port, int weight, int priority) {
        return new Target(name, Provider.OPENAI, new Endpoint("http", "127.0.0.1", port, "/v1"), null, weight,
                priority, List.of(), null, Map.of(), Map.of(), Credentials.NONE, null, null);
    }

    public static Target withCredentials(Target t, Credentials c) {
        return new Target(t.name(), t.provider(), t.endpoint(), t.path(), t.weight(), t.priority(), t.models(),
                t.defaultModel(), t.headers(), t.providerOptions(), c, null, null);
    }

    public static Target withModels(Target t, List<String> models, String defaultModel) {
        return new Target(t.name(), t.provider(), t.endpoint(), t.path(), t.weight(), t.priority(), models,
                defaultModel, t.headers(), t.providerOptions(), t.credentials(), null, null);
    }

    public static Target withHeaders(Target t, Map<String, String> headers) {
        return new Target(t.name(), t.provider(), t.endpoint(), t.path(), t.weight(), t.priority(), t.models(),
                t.defaultModel(), headers, t.providerOptions(), t.credentials(), null, null);
    }

    public static Target withRateLimit(Target t, RateLimit rateLimit) {
        return new Target(t.name(), t.provider(), t.endpoint(), t.path(), t.weight(), t.priority(), t.models(),
                t.defaultModel(), t.headers(), t.providerOptions(), t.credentials(), rateLimit, t.cost());
    }

    public static Upstream upstream(String name, Algorithm algorithm, Target... targets) {
        return upstream(name, algorithm, HEALTH, TIMEOUTS, targets.length, targets);
    }

    public static Upstream upstream(String name, Algorithm algorithm, HealthChecks health, Timeouts timeouts,
            int maxAttempts, Target... targets) {
        return new Upstream(name, algorithm, health, timeouts, maxAttempts, List.of(targets), null,
                Upstream.DEFAULT_MAX_CONNECTIONS_PER_TARGET);
    }

    public static Upstream withUnsupportedFields(Upstream u, UnsupportedFields unsupportedFields) {
        return new Upstream(u.name(), u.algorithm(), u.healthChecks(), u.timeouts(), u.maxAttempts(), u.targets(),
                unsupportedFields, u.maxConnectionsPerTarget());
    }

    public static Upstream withMaxConnectionsPerTarget(Upstream u, int maxConnectionsPerTarget) {
        return new Upstream(u.name(), u.algorithm(), u.healthChecks(), u.timeouts(), u.maxAttempts(), u.targets(),
                u.unsupportedFields(), maxConnectionsPerTarget);
    }

    public static Route route(String rule, String path, String service) {
        return new Route(rule, path, List.of(), false, true, service, null);
    }

    public static List<ClientKey> keys() {
        return List.of(new ClientKey("client", ClientKeyIndex.sha256Hex(CLIENT_KEY), null),
                new ClientKey("expired", ClientKeyIndex.sha256Hex(EXPIRED_KEY), Instant.parse("2020-01-01T00:00:00Z")));
    }

    /** One route {@code /v1} to one service on the upstream. */
    public static RoutingConfig simple(Upstream upstream) {
        return config(List.of(), List.of(route("chat", "/v1", "svc")), List.of(new Service("svc", upstream.name())),
                List.of(upstream), 10L * 1024 * 1024);
    }

    public static RoutingConfig config(List<String> hostnames, List<Route> routes, List<Service> services,
            List<Upstream> upstreams, long maxBody) {
        return new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "rev-" + System.nanoTime(), "gw", "default",
                hostnames, List.of(new ClientKeyHeader("Authorization", "Bearer"), new ClientKeyHeader("x-api-key",
                        null)), maxBody, new ArrayList<>(routes), services, upstreams, keys(), null);
    }

    public static RoutingConfig withClientTimeouts(RoutingConfig c, ClientTimeouts clientTimeouts) {
        return new RoutingConfig(c.schemaVersion(), c.revision(), c.gateway(), c.namespace(), c.hostnames(),
                c.clientKeyHeaders(), c.maxRequestBodyBytes(), c.routes(), c.services(), c.upstreams(),
                c.clientKeys(), clientTimeouts);
    }

    public static String json(RoutingConfig config) {
        return RoutingConfigJson.write(config);
    }
}
