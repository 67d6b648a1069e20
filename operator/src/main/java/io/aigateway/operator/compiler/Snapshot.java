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
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The resources of one namespace, as the compiler sees them. References are by name within the namespace, so a
 * snapshot never spans namespaces. Any list may be partial: each check reads only the kinds it needs (see
 * {@link RoutingCompiler#diagnose}).
 *
 * @param secrets Secret name to its decoded data; values are only ever copied into a credentials Secret
 * @param rejected resources of this namespace that the input holds but the API server would reject (their schema,
 *     their CEL rules, a Secret's base64), so they are not in the lists; only {@code aigw} has such input, a
 *     cluster stores no rejected resource
 * @param secretSelector the labels a Secret must carry to be read, as the operator's setting writes them; empty: the
 *     snapshot holds every Secret it was asked for that exists
 */
public record Snapshot(
        String namespace,
        List<AIGateway> gateways,
        List<AIUpstream> upstreams,
        List<AIService> services,
        List<AIRule> rules,
        List<AIKey> keys,
        Map<String, Map<String, String>> secrets,
        Set<ResourceRef> rejected,
        Optional<String> secretSelector) {

    public Snapshot {
        gateways = List.copyOf(gateways);
        upstreams = List.copyOf(upstreams);
        services = List.copyOf(services);
        rules = List.copyOf(rules);
        keys = List.copyOf(keys);
        secrets = Map.copyOf(secrets);
        rejected = Set.copyOf(rejected);
    }

    /** Resources of a namespace, every Secret asked for read. */
    public Snapshot(String namespace, List<AIGateway> gateways, List<AIUpstream> upstreams, List<AIService> services,
            List<AIRule> rules, List<AIKey> keys, Map<String, Map<String, String>> secrets,
            Set<ResourceRef> rejected) {
        this(namespace, gateways, upstreams, services, rules, keys, secrets, rejected, Optional.empty());
    }

    /** The resources of a namespace as a cluster holds them: none rejected. */
    public Snapshot(String namespace, List<AIGateway> gateways, List<AIUpstream> upstreams, List<AIService> services,
            List<AIRule> rules, List<AIKey> keys, Map<String, Map<String, String>> secrets) {
        this(namespace, gateways, upstreams, services, rules, keys, secrets, Set.of());
    }

    /**
     * Why a resource this namespace's resources refer to is not in the snapshot, for a message that starts with
     * its kind and name: "does not exist in namespace N", or "was rejected (see above)" when the input holds it
     * but the API server would not accept it.
     */
    String absence(String kind, String name) {
        if (rejected.contains(new ResourceRef(kind, namespace, name))) {
            return "was rejected (see above)";
        }
        String absent = "does not exist in namespace " + namespace;
        return kind.equals("Secret") && secretSelector.isPresent()
                ? absent + " or lacks the labels " + secretSelector.get() + " (the operator reads only the Secrets "
                        + "its secret label selector selects)"
                : absent;
    }

    /** This snapshot, its Secrets read only when they carry the labels of {@code selector} (empty: all). */
    public Snapshot withSecretSelector(Optional<String> selector) {
        return new Snapshot(namespace, gateways, upstreams, services, rules, keys, secrets, rejected, selector);
    }

    /**
     * A Secret's data and stringData, decoded; stringData wins as it does on the API server.
     *
     * @throws InvalidSecretDataException when a data value is not base64 as the API server reads it
     */
    public static Map<String, String> decode(Secret secret) {
        Map<String, String> values = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((key, value) -> values.put(key,
                    new String(decodeBase64(key, value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            values.putAll(secret.getStringData());
        }
        return values;
    }

    /**
     * Strict base64, as the API server decodes a Secret's data (Go's {@code base64.StdEncoding}, which skips line
     * breaks only): a lenient decoder would skip the characters it does not know and turn a typo into a credential.
     */
    private static byte[] decodeBase64(String key, String value) {
        String encoded = value.replace("\r", "").replace("\n", "");
        if (encoded.length() % 4 != 0) {
            // Java's decoder takes missing padding; Go's does not.
            throw new InvalidSecretDataException(key);
        }
        try {
            return Base64.getDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            // The decoder's message quotes the offending character: a piece of the value.
            throw new InvalidSecretDataException(key);
        }
    }

    /** A Secret data value that is not valid base64; the message names the key, never the value. */
    public static final class InvalidSecretDataException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        InvalidSecretDataException(String key) {
            super("data." + key + ": not valid base64");
        }
    }

    /** Secrets by name, decoded. */
    public static Map<String, Map<String, String>> decodeAll(List<Secret> secrets) {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        secrets.forEach(secret -> byName.put(secret.getMetadata().getName(), decode(secret)));
        return byName;
    }
}
