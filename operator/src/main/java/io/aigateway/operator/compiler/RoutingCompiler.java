package io.aigateway.operator.compiler;

import io.aigateway.model.ClientKey;
import io.aigateway.model.Route;
import io.aigateway.model.RoutingConfig;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.RoutingConfigShards;
import io.aigateway.model.Service;
import io.aigateway.model.Upstream;
import io.aigateway.model.UsageLimits;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.api.v1alpha1.TargetSpec;
import io.aigateway.operator.api.v1alpha1.TargetStatus;
import io.aigateway.operator.status.ConditionType;
import io.aigateway.operator.status.Reason;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Compiles the resources of one namespace into one routing config per AIGateway, with a diagnostic for every bad
 * resource. Pure: no I/O, no Kubernetes client; the same snapshot and clock give byte-identical output.
 *
 * <p>A resource with a diagnostic is left out, but for a rule whose own spec is valid: one whose references are
 * missing or not accepted keeps its path as a route that answers 503 saying so (rather than a 404 or another
 * route's answer). The rest of the gateway still compiles, and its ResolvedRefs condition lists both.
 */
public final class RoutingCompiler {

    /** Route precedence: longest path first, then path, methods and rule name so the order is total. */
    private static final Comparator<Route> ROUTE_ORDER = Comparator
            .comparing((Route r) -> -r.path().length())
            .thenComparing(Route::path)
            .thenComparing(r -> String.join(",", r.methods()))
            .thenComparing(Route::rule);

    private final Clock clock;

    public RoutingCompiler(Clock clock) {
        this.clock = clock;
    }

    /** Compiles every gateway of the snapshot and diagnoses every resource in it. */
    public CompileResult compile(Snapshot snapshot) {
        Instant now = clock.instant();
        List<Diagnostic> diagnostics = new ArrayList<>();

        Map<String, UpstreamCompiler.Compiled> upstreams = byName(snapshot.upstreams(),
                u -> UpstreamCompiler.compile(u, snapshot));
        upstreams.values().forEach(u -> diagnostics.addAll(u.diagnostics()));
        Map<String, List<Diagnostic>> services = byName(snapshot.services(),
                s -> ServiceChecks.check(s, snapshot));
        services.values().forEach(diagnostics::addAll);
        Map<String, Map<String, AIRule>> conflictsByGateway = new HashMap<>();
        Map<String, List<Diagnostic>> rules = byName(snapshot.rules(), r -> RuleChecks.check(r, snapshot,
                conflictsByGateway.computeIfAbsent(String.valueOf(RuleChecks.gatewayName(r)),
                        gateway -> RuleChecks.conflicts(snapshot.rules(), RuleChecks.gatewayName(r)))));
        rules.values().forEach(diagnostics::addAll);
        Map<String, KeyChecks.Checked> keys = byName(snapshot.keys(),
                k -> KeyChecks.check(k, snapshot, now));
        keys.values().forEach(k -> diagnostics.addAll(k.diagnostics()));

        List<CompiledGateway> compiled = new ArrayList<>();
        for (AIGateway gateway : sortedByName(snapshot.gateways())) {
            List<Diagnostic> own = GatewayChecks.check(gateway, snapshot);
            diagnostics.addAll(own);
            ResourceRef ref = ResourceRef.of(gateway);
            if (!own.isEmpty()) {
                diagnostics.add(notWritten(ref, own));
                continue;
            }
            GatewayAssembly assembly = new GatewayAssembly(gateway, snapshot, upstreams, services, rules, keys);
            CompiledGateway result = assembly.compile();
            compiled.add(result);
            if (!assembly.omitted.isEmpty() || !assembly.answering503.isEmpty()) {
                diagnostics.add(new Diagnostic(ref, ConditionType.RESOLVED_REFS, Reason.RESOURCES_NOT_ACCEPTED,
                        assembly.notServing()));
            }
            if (!result.fits()) {
                diagnostics.add(new Diagnostic(ref, ConditionType.READY, Reason.CONFIG_TOO_LARGE,
                        tooLarge(result)));
            }
        }
        diagnostics.sort(Comparator.comparing(Diagnostic::resource));
        return new CompileResult(compiled, diagnostics);
    }

    /** What of a gateway's compiled config exceeds its ceiling, by how much, and what still happens. */
    private static String tooLarge(CompiledGateway compiled) {
        List<String> over = new ArrayList<>();
        if (!compiled.configFits()) {
            over.add("the routing config (" + compiled.shardedBytes() + " bytes gzipped) exceeds the "
                    + RoutingConfigShards.MAX_SHARDS * RoutingConfigShards.SHARD_BYTES + " bytes of its "
                    + RoutingConfigShards.MAX_SHARDS + " shards");
        }
        if (!compiled.credentialsFit()) {
            over.add("its credentials (" + compiled.credentialBytes() + " bytes) exceed the "
                    + CompiledGateway.MAX_CREDENTIAL_BYTES + " bytes of one Secret");
        }
        return String.join(" and ", over) + "; split the rules and keys across several gateways. This routing "
                + "change waits: proxies keep serving the last config written, and the proxy's Deployment, Service "
                + "and rights, and the rotation of the credentials it uses, are still reconciled";
    }

    /**
     * Why a gateway with diagnostics of its own has no config written: its spec is invalid, or the Secrets of its
     * rate-limit store do not resolve (a config naming credentials it cannot carry would leave the proxies unable
     * to count, so the last good one stays).
     */
    private static Diagnostic notWritten(ResourceRef gateway, List<Diagnostic> own) {
        if (own.stream().anyMatch(d -> d.condition() == ConditionType.ACCEPTED)) {
            return new Diagnostic(gateway, ConditionType.READY, Reason.GATEWAY_NOT_ACCEPTED,
                    "the routing config is not written while the spec is invalid (see Accepted); proxies keep "
                            + "serving the last one");
        }
        return new Diagnostic(gateway, ConditionType.READY, own.get(0).reason(), "the routing config is not "
                + "written while the gateway's references do not resolve (see ResolvedRefs); proxies keep serving "
                + "the last one");
    }

    /**
     * The diagnostics of one resource, reading only what its checks need: an AIUpstream reads the Secrets; an
     * AIService the upstreams; an AIRule the gateways, services, upstreams and the other rules of its gateway; an
     * AIKey the gateways and Secrets; an AIGateway the Secrets of its rate-limit store. Gateway-wide findings (what
     * was left out, size) come only from {@link #compile}.
     */
    public List<Diagnostic> diagnose(Snapshot snapshot, ResourceRef resource) {
        return switch (resource.kind()) {
            case "AIUpstream" -> find(snapshot.upstreams(), resource)
                    .map(u -> UpstreamCompiler.compile(u, snapshot).diagnostics()).orElse(List.of());
            case "AIService" -> find(snapshot.services(), resource)
                    .map(s -> ServiceChecks.check(s, snapshot)).orElse(List.of());
            case "AIRule" -> find(snapshot.rules(), resource)
                    .map(r -> RuleChecks.check(r, snapshot,
                            RuleChecks.conflicts(snapshot.rules(), RuleChecks.gatewayName(r))))
                    .orElse(List.of());
            case "AIKey" -> find(snapshot.keys(), resource)
                    .map(k -> KeyChecks.check(k, snapshot, clock.instant()).diagnostics())
                    .orElse(List.of());
            case "AIGateway" -> find(snapshot.gateways(), resource).map(g -> GatewayChecks.check(g, snapshot))
                    .orElse(List.of());
            default -> throw new IllegalArgumentException("not one of our kinds: " + resource);
        };
    }

    /**
     * The status entry of every target of an upstream: name, provider and resolved endpoint URL (null when the
     * target's endpoint cannot be resolved; its diagnostics say why).
     */
    public static List<TargetStatus> describeTargets(AIUpstream upstream) {
        if (upstream.getSpec() == null) {
            return List.of();
        }
        List<TargetStatus> statuses = new ArrayList<>();
        for (TargetSpec target : upstream.getSpec().getTargets()) {
            var provider = target.getProvider() == null ? null
                    : Enums.parse(io.aigateway.model.Provider.class, target.getProvider());
            String endpoint = null;
            if (provider != null) {
                String region = target.getCredentials() == null || target.getCredentials().getAws() == null ? null
                        : target.getCredentials().getAws().getRegion();
                if (TargetEndpoints.resolve(target, provider, region) instanceof TargetEndpoints.Resolved resolved) {
                    endpoint = TargetEndpoints.describe(resolved.endpoint(), target.getPath());
                }
            }
            statuses.add(new TargetStatus(target.getName(), target.getProvider(), endpoint));
        }
        return statuses;
    }

    /** The Secret keys an AIUpstream reads, in target order. */
    public static List<SecretKeyRef> secretKeysReferencedBy(AIUpstream upstream) {
        return UpstreamCompiler.referencedSecretKeys(upstream);
    }

    /** The Secrets an AIUpstream reads, by name. */
    public static Set<String> secretsReferencedBy(AIUpstream upstream) {
        return secretKeysReferencedBy(upstream).stream().map(SecretKeyRef::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The Secret keys an AIGateway reads: those of its rate-limit store. */
    public static List<SecretKeyRef> secretKeysReferencedBy(AIGateway gateway) {
        return RateLimitStoreCompiler.referencedSecretKeys(gateway);
    }

    /** The Secrets an AIGateway reads, by name. */
    public static Set<String> secretsReferencedBy(AIGateway gateway) {
        return secretKeysReferencedBy(gateway).stream().map(SecretKeyRef::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The Secret an AIKey reads: the one it names, or the one the operator generates for it. */
    public static String secretReferencedBy(AIKey key) {
        return KeyChecks.secretRef(key).getName();
    }

    /** Builds one gateway's config from the resources attached to it that passed their checks. */
    private static final class GatewayAssembly {
        private final AIGateway gateway;
        private final Snapshot snapshot;
        private final Map<String, UpstreamCompiler.Compiled> upstreams;
        private final Map<String, List<Diagnostic>> services;
        private final Map<String, List<Diagnostic>> rules;
        private final Map<String, KeyChecks.Checked> keys;
        private final List<String> omitted = new ArrayList<>();
        private final List<String> answering503 = new ArrayList<>();

        GatewayAssembly(AIGateway gateway, Snapshot snapshot, Map<String, UpstreamCompiler.Compiled> upstreams,
                Map<String, List<Diagnostic>> services, Map<String, List<Diagnostic>> rules,
                Map<String, KeyChecks.Checked> keys) {
            this.gateway = gateway;
            this.snapshot = snapshot;
            this.upstreams = upstreams;
            this.services = services;
            this.rules = rules;
            this.keys = keys;
        }

        CompiledGateway compile() {
            String name = gateway.getMetadata().getName();
            List<Route> routes = new ArrayList<>();
            SortedMap<String, Service> usedServices = new TreeMap<>();
            SortedMap<String, Upstream> usedUpstreams = new TreeMap<>();
            SortedMap<String, String> credentials = new TreeMap<>();
            for (AIRule rule : sortedByName(snapshot.rules())) {
                if (!name.equals(RuleChecks.gatewayName(rule))) {
                    continue;
                }
                String ruleName = rule.getMetadata().getName();
                String invalid = whyRuleIsLeftOut(rule);
                if (invalid != null) {
                    omitted.add("AIRule " + ruleName + " (" + invalid + ")");
                    continue;
                }
                String serviceName = RuleChecks.serviceName(rule);
                String unavailable = whyRuleCannotServe(rule);
                if (unavailable == null) {
                    AIService service = named(snapshot.services(), serviceName);
                    UpstreamCompiler.Compiled upstream = upstreams.get(ServiceChecks.upstreamName(service));
                    usedServices.put(serviceName, new Service(serviceName, upstream.upstream().name()));
                    usedUpstreams.put(upstream.upstream().name(), upstream.upstream());
                    credentials.putAll(upstream.credentials());
                } else {
                    answering503.add("AIRule " + ruleName + ": " + unavailable);
                }
                var spec = rule.getSpec();
                List<String> methods = spec.getMethods().stream().map(Enum::name).sorted().toList();
                routes.add(new Route(ruleName, spec.getPath(), methods,
                        Boolean.TRUE.equals(spec.getStripPath()), !Boolean.FALSE.equals(spec.getActive()),
                        serviceName, unavailable == null ? null
                                : "The route '" + ruleName + "' cannot serve requests: " + unavailable + ".",
                        RuleChecks.limits(rule)));
            }
            routes.sort(ROUTE_ORDER);
            UsageLimits defaultKeyLimits = GatewayChecks.defaultKeyLimits(gateway);
            List<ClientKey> clientKeys = new ArrayList<>();
            for (AIKey key : sortedByName(snapshot.keys())) {
                if (!name.equals(KeyChecks.gatewayName(key))) {
                    continue;
                }
                KeyChecks.Checked checked = keys.get(key.getMetadata().getName());
                if (checked.clientKey() == null) {
                    omitted.add("AIKey " + key.getMetadata().getName() + " (" + reasons(checked.diagnostics()) + ")");
                } else {
                    clientKeys.add(withLimitsOrDefault(checked.clientKey(), defaultKeyLimits));
                }
            }
            RateLimitStoreCompiler.Compiled store = RateLimitStoreCompiler.compile(gateway, snapshot,
                    new Findings(ResourceRef.of(gateway)));
            credentials.putAll(store.credentials());
            RoutingConfig unrevised = new RoutingConfig(RoutingConfig.SCHEMA_VERSION, "", name,
                    gateway.getMetadata().getNamespace(), GatewayChecks.hostnames(gateway),
                    GatewayChecks.clientKeyHeaders(gateway), GatewayChecks.maxRequestBodyBytes(gateway), routes,
                    List.copyOf(usedServices.values()),
                    List.copyOf(usedUpstreams.values()), clientKeys, GatewayChecks.clientTimeouts(gateway),
                    store.store());
            RoutingConfig config = unrevised.withRevision(revision(RoutingConfigJson.write(unrevised)));
            return CompiledGateway.of(name, config, credentials);
        }

        /** The gateway's rules and keys that do not serve, and how: left out, or answering 503. */
        String notServing() {
            List<String> parts = new ArrayList<>();
            if (!omitted.isEmpty()) {
                parts.add("left out of the routing config: " + String.join("; ", omitted));
            }
            if (!answering503.isEmpty()) {
                parts.add("routes answering 503 until their references are fixed: " + String.join("; ", answering503));
            }
            return String.join("; ", parts) + "; see their status";
        }

        /** Why a rule of this gateway is left out (its own spec is invalid), or null when it keeps its path. */
        private String whyRuleIsLeftOut(AIRule rule) {
            List<Diagnostic> invalid = rules.get(rule.getMetadata().getName()).stream()
                    .filter(d -> d.condition() != ConditionType.RESOLVED_REFS).toList();
            return invalid.isEmpty() ? null : reasons(invalid);
        }

        /**
         * Why a rule kept in the config cannot serve: what it references is missing or was not accepted; null when
         * it can. Names resources and reasons only, as the proxy shows it to clients.
         */
        private String whyRuleCannotServe(AIRule rule) {
            List<Diagnostic> unresolved = rules.get(rule.getMetadata().getName());
            if (!unresolved.isEmpty()) {
                return unresolved.stream().map(Diagnostic::message).collect(Collectors.joining(" and "));
            }
            String serviceName = RuleChecks.serviceName(rule);
            List<Diagnostic> service = services.get(serviceName);
            if (!service.isEmpty()) {
                return "its AIService '" + serviceName + "' was not accepted (" + reasons(service) + ")";
            }
            String upstreamName = ServiceChecks.upstreamName(named(snapshot.services(), serviceName));
            UpstreamCompiler.Compiled upstream = upstreams.get(upstreamName);
            if (upstream.upstream() == null) {
                return "its AIUpstream '" + upstreamName + "' was not accepted (" + reasons(upstream.diagnostics())
                        + ")";
            }
            return null;
        }
    }

    /**
     * A key's own limits, or the gateway's defaults when it sets none: a key's limits replace the defaults as a
     * whole, so that what a key's spec shows is all that limits it. The proxy reads the result, never the defaults.
     */
    private static ClientKey withLimitsOrDefault(ClientKey key, UsageLimits defaults) {
        return key.limits() != null || defaults == null ? key
                : new ClientKey(key.name(), key.sha256(), key.expiresAt(), defaults, key.budget());
    }

    private static String reasons(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(d -> d.reason().value()).distinct().collect(Collectors.joining(", "));
    }

    /** The first 16 hex digits of the SHA-256 of the config with an empty revision. */
    private static String revision(String json) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static <T extends HasMetadata> java.util.Optional<T> find(List<T> resources, ResourceRef ref) {
        return resources.stream().filter(r -> r.getMetadata().getName().equals(ref.name())).findFirst();
    }

    private static <T extends HasMetadata> T named(List<T> resources, String name) {
        return resources.stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst().orElseThrow();
    }

    private static <T extends HasMetadata> List<T> sortedByName(List<T> resources) {
        return resources.stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    }

    private static <T extends HasMetadata, R> Map<String, R> byName(List<T> resources, Function<T, R> check) {
        Map<String, R> results = new TreeMap<>();
        for (T resource : sortedByName(resources)) {
            results.put(resource.getMetadata().getName(), check.apply(resource));
        }
        return results;
    }
}
