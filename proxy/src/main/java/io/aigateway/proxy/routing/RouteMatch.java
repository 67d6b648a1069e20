package io.aigateway.proxy.routing;

import io.aigateway.model.Route;
import io.aigateway.model.Upstream;

/**
 * A request matched to a route.
 *
 * @param upstreamPath the request path as the upstream sees it before provider paths apply: with the route's prefix
 *     removed when the route strips it, always starting with {@code /}
 */
public record RouteMatch(Route route, Upstream upstream, TargetPlanner planner, String upstreamPath) {
}
