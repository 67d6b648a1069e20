package io.aigateway.operator.reconciler;

import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the Secrets a snapshot needs from the operator's Secret cache, decoded. Only the named Secrets are decoded,
 * so no other Secret of the namespace is ever held in clear.
 */
public final class SecretValues {

    private SecretValues() {
    }

    /** Secret name to decoded data, for those of {@code names} that exist in {@code namespace}. */
    public static Map<String, Map<String, String>> read(SecretCache cache, String namespace,
            Collection<String> names) {
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        for (String name : names) {
            cache.get(namespace, name).ifPresent(secret -> secrets.put(name, Snapshot.decode(secret)));
        }
        return secrets;
    }
}
