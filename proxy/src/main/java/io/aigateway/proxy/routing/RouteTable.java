package io.aigateway.proxy.routing;

import io.aigateway.model.Route;
import io.aigateway.model.Upstream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The routes of one config revision, in the config's precedence order (longest path first), with the hostnames the
 * gateway answers for. Immutable.
 */
public final class RouteTable {

    /** A route with the upstream and planner it leads to. */
    public record Entry(Route route, Upstream upstream, TargetPlanner planner) {
    }

    private final List<String> exactHosts;
    private final List<String> wildcardSuffixes;
    private final List<Entry> entries;

    /** @param hostnames empty: every host; {@code *.example.com} matches any subdomain of example.com */
    public RouteTable(List<String> hostnames, List<Entry> entries) {
        List<String> exact = new ArrayList<>();
        List<String> wildcard = new ArrayList<>();
        for (String h : hostnames) {
            String host = h.toLowerCase(Locale.ROOT);
            if (host.startsWith("*.")) {
                wildcard.add(host.substring(1));
            } else {
                exact.add(host);
            }
        }
        this.exactHosts = List.copyOf(exact);
        this.wildcardSuffixes = List.copyOf(wildcard);
        this.entries = List.copyOf(entries);
    }

    public static RouteTable of(List<String> hostnames, List<Route> routes, Map<String, Upstream> upstreamOfService,
            Map<String, TargetPlanner> planners) {
        List<Entry> entries = new ArrayList<>();
        for (Route route : routes) {
            Upstream upstream = upstreamOfService.get(route.service());
            entries.add(new Entry(route, upstream, upstream == null ? null : planners.get(upstream.name())));
        }
        return new RouteTable(hostnames, entries);
    }

    /**
     * The first active route matching host, path and method; null when none does.
     *
     * @param host the request's host without port, null when the request named none
     */
    public RouteMatch match(String host, String path, String method) {
        if (!hostMatches(host)) {
            return null;
        }
        for (Entry e : entries) {
            Route route = e.route();
            if (!route.active() || !prefixMatches(route.path(), path)) {
                continue;
            }
            if (!route.methods().isEmpty() && !route.methods().contains(method)) {
                continue;
            }
            return new RouteMatch(route, e.upstream(), e.planner(),
                    route.stripPath() ? stripped(route.path(), path) : path);
        }
        return null;
    }

    boolean hostMatches(String host) {
        if (exactHosts.isEmpty() && wildcardSuffixes.isEmpty()) {
            return true;
        }
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (exactHosts.contains(h)) {
            return true;
        }
        for (String suffix : wildcardSuffixes) {
            // "*.example.com" covers "a.example.com" and "a.b.example.com", not "example.com".
            if (h.length() > suffix.length() && h.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }

    /** A prefix matches on a segment boundary: {@code /v1} matches {@code /v1} and {@code /v1/x}, not {@code /v10}. */
    static boolean prefixMatches(String prefix, String path) {
        if (!path.startsWith(prefix)) {
            return false;
        }
        return path.length() == prefix.length() || prefix.endsWith("/") || path.charAt(prefix.length()) == '/';
    }

    static String stripped(String prefix, String path) {
        String rest = path.substring(prefix.endsWith("/") ? prefix.length() - 1 : prefix.length());
        return rest.isEmpty() ? "/" : rest;
    }
}
