package io.aigateway.model;

import java.util.List;

/**
 * One compiled AIRule.
 *
 * @param rule the AIRule's name
 * @param methods upper-case HTTP methods; empty means every method
 * @param stripPath whether the matched path prefix is removed before the request goes upstream
 * @param active an inactive route is kept so that its path stays claimed, but serves nothing
 * @param service the name of an entry in {@link RoutingConfig#services()}, or of the missing service
 * @param unavailable why the route cannot serve (a reference that is missing or was not accepted), null when it
 *     can: such a route keeps its path, and the proxy answers its requests with a 503 that says this instead of
 *     letting them fall through to another route or a 404
 * @param limits what every client key using this route may use together, counted once for the route (on top of
 *     each key's own limits); null for no limit
 */
public record Route(String rule, String path, List<String> methods, boolean stripPath, boolean active,
        String service, String unavailable, UsageLimits limits) {
    public Route {
        Checks.requireText(rule, "routes[].rule");
        Checks.requireText(path, "routes[].path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("routes[].path must start with '/', was " + path);
        }
        methods = Checks.listOrEmpty(methods);
        Checks.requireText(service, "routes[].service");
    }

    /** A route without limits. */
    public Route(String rule, String path, List<String> methods, boolean stripPath, boolean active,
            String service, String unavailable) {
        this(rule, path, methods, stripPath, active, service, unavailable, null);
    }
}
