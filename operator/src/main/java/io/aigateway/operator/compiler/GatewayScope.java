package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What one gateway's compile reads of its namespace: the gateway, the rules and keys attached to it, the services
 * those rules send to, their upstreams, and the Secrets all of these refer to. Compiling it gives that gateway the
 * config and diagnostics a compile of the whole namespace gives it, at the cost of its own resources only.
 */
public final class GatewayScope {

    private GatewayScope() {
    }

    /**
     * @param secrets reads the Secrets of the given names, decoded; asked only for those the scope refers to
     */
    public static Snapshot of(AIGateway gateway, List<AIUpstream> upstreams, List<AIService> services,
            List<AIRule> rules, List<AIKey> keys, Function<Set<String>, Map<String, Map<String, String>>> secrets) {
        String name = gateway.getMetadata().getName();
        List<AIRule> ownRules = rules.stream().filter(rule -> name.equals(RuleChecks.gatewayName(rule))).toList();
        List<AIKey> ownKeys = keys.stream().filter(key -> name.equals(KeyChecks.gatewayName(key))).toList();
        Set<String> serviceNames = ownRules.stream().map(RuleChecks::serviceName).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<AIService> usedServices = services.stream()
                .filter(service -> serviceNames.contains(service.getMetadata().getName())).toList();
        Set<String> upstreamNames = usedServices.stream().map(ServiceChecks::upstreamName).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<AIUpstream> usedUpstreams = upstreams.stream()
                .filter(upstream -> upstreamNames.contains(upstream.getMetadata().getName())).toList();

        // Only the Secrets something in scope refers to are read and decoded.
        Set<String> secretNames = new TreeSet<>();
        usedUpstreams.forEach(upstream -> secretNames.addAll(RoutingCompiler.secretsReferencedBy(upstream)));
        ownKeys.stream().map(RoutingCompiler::secretReferencedBy).filter(Objects::nonNull).forEach(secretNames::add);
        secretNames.addAll(RoutingCompiler.secretsReferencedBy(gateway));

        return new Snapshot(gateway.getMetadata().getNamespace(), List.of(gateway), usedUpstreams, usedServices,
                ownRules, ownKeys, secrets.apply(secretNames));
    }
}
