package io.aigateway.operator.reconciler;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.LocalRef;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The informer indexes the mappers read, and the functions that compute them. References are by name within a
 * namespace and informers may span namespaces, so every index key is {@code namespace/name} ({@link #key}).
 */
public final class Indexes {

    /** AIRules by the AIGateway they name. */
    public static final String RULES_BY_GATEWAY = "rules-by-gateway";
    /** AIRules by the AIService they name. */
    public static final String RULES_BY_SERVICE = "rules-by-service";
    /** AIServices by the AIUpstream they name. */
    public static final String SERVICES_BY_UPSTREAM = "services-by-upstream";
    /** AIUpstreams by every Secret their targets' credentials name. */
    public static final String UPSTREAMS_BY_SECRET = "upstreams-by-secret";
    /** AIKeys by the AIGateway they name. */
    public static final String KEYS_BY_GATEWAY = "keys-by-gateway";
    /** AIKeys by the Secret holding the key: the one named, or the one the operator generates. */
    public static final String KEYS_BY_SECRET = "keys-by-secret";
    /** AIGateways by every Secret their rate-limit store reads. */
    public static final String GATEWAYS_BY_SECRET = "gateways-by-secret";

    public static final Function<AIRule, List<String>> RULE_GATEWAY =
            rule -> ref(rule, rule.getSpec() == null ? null : rule.getSpec().getGatewayRef());
    public static final Function<AIRule, List<String>> RULE_SERVICE =
            rule -> ref(rule, rule.getSpec() == null ? null : rule.getSpec().getServiceRef());
    public static final Function<AIService, List<String>> SERVICE_UPSTREAM =
            service -> ref(service, service.getSpec() == null ? null : service.getSpec().getUpstreamRef());
    public static final Function<AIUpstream, List<String>> UPSTREAM_SECRETS =
            upstream -> secretNames(upstream).stream().map(name -> key(upstream, name)).toList();
    public static final Function<AIGateway, List<String>> GATEWAY_SECRETS = gateway -> RoutingCompiler
            .secretsReferencedBy(gateway).stream().map(name -> key(gateway, name)).toList();
    public static final Function<AIKey, List<String>> KEY_GATEWAY =
            aiKey -> ref(aiKey, aiKey.getSpec() == null ? null : aiKey.getSpec().getGatewayRef());
    public static final Function<AIKey, List<String>> KEY_SECRET = aiKey -> {
        String secret = RoutingCompiler.secretReferencedBy(aiKey);
        return secret == null ? List.of() : List.of(key(aiKey, secret));
    };

    private Indexes() {
    }

    /** The index key of the resource called {@code name} in {@code namespace}. */
    public static String key(String namespace, String name) {
        return namespace + "/" + name;
    }

    /** The index key of the resource called {@code name} in the namespace of {@code referrer}. */
    public static String key(HasMetadata referrer, String name) {
        return key(referrer.getMetadata().getNamespace(), name);
    }

    /** The index key of the resource itself. */
    public static String key(HasMetadata resource) {
        return key(resource, resource.getMetadata().getName());
    }

    /** Every Secret an upstream's targets take credentials from, sorted; as the compiler reads them. */
    public static List<String> secretNames(AIUpstream upstream) {
        return List.copyOf(new TreeSet<>(RoutingCompiler.secretsReferencedBy(upstream)));
    }

    /**
     * The Secret key that holds an AIKey's key: the one named, or the one the operator generates; as the compiler
     * reads it.
     */
    public static SecretKeyRef keySecretRef(AIKey aiKey) {
        if (aiKey.getSpec() != null && aiKey.getSpec().getSecretRef() != null) {
            return aiKey.getSpec().getSecretRef();
        }
        return new SecretKeyRef(GatewayObjects.generatedKeySecretName(aiKey.getMetadata().getName()),
                GatewayObjects.GENERATED_KEY_DATA_KEY);
    }

    private static List<String> ref(HasMetadata referrer, LocalRef ref) {
        if (ref == null || ref.getName() == null) {
            return List.of();
        }
        return List.of(key(referrer, ref.getName()));
    }
}
