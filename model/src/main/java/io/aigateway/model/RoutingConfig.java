package io.aigateway.model;

import java.util.List;

/**
 * Everything one gateway's proxy needs to route traffic, as compiled by the operator from the custom resources.
 * It names entries of the gateway's credentials Secret but never holds a credential or a client key.
 *
 * @param schemaVersion the version of this format; a proxy refuses a version it does not know
 * @param revision a digest of the content, so equal configs have equal revisions
 * @param maxRequestBodyBytes larger request bodies are refused with 413
 * @param routes ordered by precedence: longest path first, then by method and rule name
 * @param clientTimeouts how long the proxy waits on its clients; null means {@link ClientTimeouts#DEFAULTS}
 * @param rateLimitStore the Redis server the replicas share their limit counters in; null when each replica counts
 *     alone in its memory (the {@code local} store)
 */
public record RoutingConfig(
        int schemaVersion,
        String revision,
        String gateway,
        String namespace,
        List<String> hostnames,
        List<ClientKeyHeader> clientKeyHeaders,
        long maxRequestBodyBytes,
        List<Route> routes,
        List<Service> services,
        List<Upstream> upstreams,
        List<ClientKey> clientKeys,
        ClientTimeouts clientTimeouts,
        RateLimitStore rateLimitStore) {

    public static final int SCHEMA_VERSION = 1;
    public static final long DEFAULT_MAX_REQUEST_BODY_BYTES = 10L * 1024 * 1024;

    public RoutingConfig {
        if (schemaVersion != SCHEMA_VERSION) {
            throw new IllegalArgumentException(
                    "unsupported schemaVersion " + schemaVersion + "; this build reads " + SCHEMA_VERSION);
        }
        Checks.requireText(gateway, "gateway");
        Checks.requireText(namespace, "namespace");
        hostnames = Checks.listOrEmpty(hostnames);
        clientKeyHeaders = Checks.listOrEmpty(clientKeyHeaders);
        if (maxRequestBodyBytes < 1) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be positive, was " + maxRequestBodyBytes);
        }
        routes = Checks.listOrEmpty(routes);
        services = Checks.listOrEmpty(services);
        upstreams = Checks.listOrEmpty(upstreams);
        clientKeys = Checks.listOrEmpty(clientKeys);
        clientTimeouts = clientTimeouts == null ? ClientTimeouts.DEFAULTS : clientTimeouts;
    }

    /** A config whose replicas count alone (the local store). */
    public RoutingConfig(int schemaVersion, String revision, String gateway, String namespace, List<String> hostnames,
            List<ClientKeyHeader> clientKeyHeaders, long maxRequestBodyBytes, List<Route> routes,
            List<Service> services, List<Upstream> upstreams, List<ClientKey> clientKeys,
            ClientTimeouts clientTimeouts) {
        this(schemaVersion, revision, gateway, namespace, hostnames, clientKeyHeaders, maxRequestBodyBytes, routes,
                services, upstreams, clientKeys, clientTimeouts, null);
    }

    /** This config with {@code store} as its rate-limit store ({@code aigw run --redis}). */
    public RoutingConfig withRateLimitStore(RateLimitStore store) {
        return new RoutingConfig(schemaVersion, revision, gateway, namespace, hostnames, clientKeyHeaders,
                maxRequestBodyBytes, routes, services, upstreams, clientKeys, clientTimeouts, store);
    }

    public RoutingConfig withRevision(String newRevision) {
        return new RoutingConfig(schemaVersion, newRevision, gateway, namespace, hostnames, clientKeyHeaders,
                maxRequestBodyBytes, routes, services, upstreams, clientKeys, clientTimeouts, rateLimitStore);
    }
}
