package io.aigateway.operator.compiler;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resources of one namespace, as the compiler sees them. References are by name within the namespace, so a
 * snapshot never spans namespaces. Any list may be partial: each check reads only the kinds it needs (see
 * {@link RoutingCompiler#diagnose}).
 *
 * @param secrets Secret name to its decoded data; values are only ever copied into a credentials Secret
 */
public record Snapshot(
        String namespace,
        List<AIGateway> gateways,
        List<AIUpstream> upstreams,
        List<AIService> services,
        List<AIRule> rules,
        List<AIKey> keys,
        Map<String, Map<String, String>> secrets) {

    public Snapshot {
        gateways = List.copyOf(gateways);
        upstreams = List.copyOf(upstreams);
        services = List.copyOf(services);
        rules = List.copyOf(rules);
        keys = List.copyOf(keys);
        secrets = Map.copyOf(secrets);
    }

    /** A Secret's data and stringData, decoded; stringData wins as it does on the API server. */
    public static Map<String, String> decode(Secret secret) {
        Map<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key,
                    new String(Base64.getMimeDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    /** Secrets by name, decoded. */
    public static Map<String, Map<String, String>> decodeAll(List<Secret> secrets) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        secrets.forEach(secret -> byName.put(secret.getMetadata().getName(), decode(secret)));
        return byName;
    }
}
