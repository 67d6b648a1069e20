package io.aigateway.proxy.config;

import io.aigateway.model.ClientTimeouts;
import io.aigateway.model.Credentials;
import io.aigateway.model.RateLimitStore;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.Service;
import io.aigateway.model.Target;
import io.aigateway.model.Upstream;
import io.aigateway.proxy.auth.ClientKeyIndex;
import io.aigateway.proxy.health.HealthRegistry;
import io.aigateway.proxy.routing.RouteTable;
import io.aigateway.proxy.routing.TargetPlanner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One config revision as requests use it: routes, client keys, a planner per upstream and the credentials.
 * Immutable once built; built off the event loop, then swapped in whole.
 */
public final class RuntimeConfig {

    private final RoutingConfig config;
    private final RouteTable routes;
    private final ClientKeyIndex clientKeys;
    private final Map<String, TargetPlanner> planners;
    private final Map<String, String> credentials;
    private final String origin;

    private RuntimeConfig(RoutingConfig config, RouteTable routes, ClientKeyIndex clientKeys,
            Map<String, TargetPlanner> planners, Map<String, String> credentials, String origin) {
        this.config = config;
        this.routes = routes;
        this.clientKeys = clientKeys;
        this.planners = planners;
        this.credentials = credentials;
        this.origin = origin;
    }

    /**
     * Parses and checks a version. Blocking work (JSON parsing); call it on a worker.
     *
     * @throws InvalidConfigException naming what is wrong, never a credential value
     */
    public static RuntimeConfig build(ConfigVersion version, HealthRegistry health) {
        if (version.routingJson() == null || version.routingJson().isBlank()) {
            throw new InvalidConfigException("routing config is empty");
        }
        RoutingConfig config;
        try {
            config = RoutingConfigJson.read(version.routingJson());
        } catch (RoutingConfigJson.InvalidRoutingConfigException e) {
            throw new InvalidConfigException("routing config is invalid: " + e.getMessage(), e);
        }
        validate(config, version.credentials());

        Map<String, Upstream> upstreams = new HashMap<>();
        Map<String, TargetPlanner> planners = new LinkedHashMap<>();
        for (Upstream upstream : config.upstreams()) {
            upstreams.put(upstream.name(), upstream);
            planners.put(upstream.name(), new TargetPlanner(upstream, health));
        }
        Map<String, Upstream> upstreamOfService = new HashMap<>();
        for (Service service : config.services()) {
            upstreamOfService.put(service.name(), upstreams.get(service.upstream()));
        }
        RouteTable table = RouteTable.of(config.hostnames(), config.routes(), upstreamOfService, planners);
        ClientKeyIndex keys = new ClientKeyIndex(config.clientKeys(), config.clientKeyHeaders());
        return new RuntimeConfig(config, table, keys, Map.copyOf(planners), version.credentials(),
                version.origin());
    }

    static void validate(RoutingConfig config, Map<String, String> credentials) {
        List<String> problems = new ArrayList<>();
        Map<String, String> upstreamOfService = new HashMap<>();
        for (Service s : config.services()) {
            if (upstreamOfService.put(s.name(), s.upstream()) != null) {
                problems.add("service " + s.name() + " is defined twice");
            }
        }
        Map<String, Upstream> upstreams = new HashMap<>();
        for (Upstream u : config.upstreams()) {
            if (upstreams.put(u.name(), u) != null) {
                problems.add("upstream " + u.name() + " is defined twice");
            }
            List<String> names = new ArrayList<>();
            for (Target t : u.targets()) {
                if (names.contains(t.name())) {
                    problems.add("upstream " + u.name() + " has two targets named " + t.name());
                }
                names.add(t.name());
                for (String entry : entries(t.credentials())) {
                    if (!credentials.containsKey(entry)) {
                        problems.add("target " + u.name() + "/" + t.name() + " needs credential entry " + entry
                                + ", which is missing");
                    }
                }
            }
        }
        for (Service s : config.services()) {
            if (!upstreams.containsKey(s.upstream())) {
                problems.add("service " + s.name() + " names upstream " + s.upstream() + ", which is missing");
            }
        }
        for (Route r : config.routes()) {
            // A route the compiler marked unavailable names the service it is missing.
            if (r.unavailable() == null && !upstreamOfService.containsKey(r.service())) {
                problems.add("route " + r.rule() + " names service " + r.service() + ", which is missing");
            }
        }
        RateLimitStore store = config.rateLimitStore();
        if (store != null) {
            for (String entry : Arrays.asList(store.usernameEntry(), store.passwordEntry())) {
                if (entry != null && !credentials.containsKey(entry)) {
                    problems.add("rateLimitStore needs credential entry " + entry + ", which is missing");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(String.join("; ", problems));
        }
    }

    /** The names of the credential entries a target uses. */
    static List<String> entries(Credentials c) {
        List<String> names = new ArrayList<>();
        if (c.apiKeyEntry() != null) {
            names.add(c.apiKeyEntry());
        }
        if (c.header() != null) {
            names.add(c.header().valueEntry());
        }
        if (c.aws() != null) {
            names.add(c.aws().accessKeyIdEntry());
            names.add(c.aws().secretAccessKeyEntry());
            if (c.aws().sessionTokenEntry() != null) {
                names.add(c.aws().sessionTokenEntry());
            }
        }
        if (c.azure() != null) {
            names.add(c.azure().apiKeyEntry());
        }
        if (c.vertex() != null) {
            names.add(c.vertex().serviceAccountKeyEntry());
        }
        return names;
    }

    public RoutingConfig config() {
        return config;
    }

    public String revision() {
        return config.revision();
    }

    public RouteTable routes() {
        return routes;
    }

    public ClientKeyIndex clientKeys() {
        return clientKeys;
    }

    public TargetPlanner planner(String upstream) {
        return planners.get(upstream);
    }

    /** Credential entries by name. Never log them. */
    public Map<String, String> credentials() {
        return credentials;
    }

    public long maxRequestBodyBytes() {
        return config.maxRequestBodyBytes();
    }

    public ClientTimeouts clientTimeouts() {
        return config.clientTimeouts();
    }

    @Override
    public String toString() {
        return "RuntimeConfig[revision " + config.revision() + " from " + origin + "]";
    }
}
