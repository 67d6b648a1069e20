package io.aigateway.cli;

import io.aigateway.cli.resources.LoadResult;
import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.cli.resources.ResourceLoader;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIRule;
import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.api.v1alpha1.SecretKeyRef;
import io.aigateway.operator.compiler.ClientKeys;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.ResourceRef;
import io.aigateway.operator.compiler.RoutingCompiler;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The loaded input of a command, grouped into one compiler {@link Snapshot} per namespace. When a resource is
 * given twice, the later one wins, as with {@code kubectl apply}, and {@link #problems()} says so.
 */
final class Inputs {

    private final LoadResult loaded;
    private final Map<ResourceRef, LoadedResource> byRef = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final SortedMap<String, Snapshot> snapshots = new TreeMap<>();

    private Inputs(LoadResult loaded) {
        this.loaded = loaded;
        problems.addAll(loaded.errors());
        for (LoadedResource resource : loaded.resources()) {
            LoadedResource previous = byRef.put(resource.ref(), resource);
            if (previous != null) {
                problems.add(resource.ref() + ": given twice, in " + previous.source() + " and "
                        + resource.source() + "; the last one is used");
            }
        }
        buildSnapshots();
    }

    static Inputs load(InputOptions options) {
        return new Inputs(new ResourceLoader(options.namespace).load(options.paths));
    }

    /** Resources and Secrets, in input order, duplicates included. */
    List<LoadedResource> resources() {
        return loaded.resources();
    }

    int ignored() {
        return loaded.ignored();
    }

    /** Unreadable input and resources given twice, one line each. */
    List<String> problems() {
        return List.copyOf(problems);
    }

    /**
     * Why the input cannot be compiled as given, one line each: unreadable files, resources given twice, and
     * resources that do not match their CRD's schema. Empty when it can.
     */
    List<String> unreadable() {
        List<String> unreadable = new ArrayList<>(problems);
        for (LoadedResource resource : loaded.resources()) {
            if (resource.resource() == null) {
                unreadable.add(resource.source() + ": " + resource.ref()
                        + " does not match its CRD's schema; run 'aigw validate' to see why");
            }
        }
        return unreadable;
    }

    /** Where a resource came from, for messages. */
    String source(ResourceRef ref) {
        LoadedResource resource = byRef.get(ref);
        return resource == null ? "" : resource.source();
    }

    SortedMap<String, Snapshot> snapshots() {
        return snapshots;
    }

    /**
     * The snapshots with the Secrets a cluster would have but the input may lack, so that validation reports no
     * consequences of their absence (a gateway leaving out a key, say) either.
     *
     * @param generatedKeys add the Secret the operator generates for an AIKey without secretRef
     * @param referencedSecrets add every Secret and key the resources reference, with a placeholder value
     */
    SortedMap<String, Snapshot> snapshotsAssuming(boolean generatedKeys, boolean referencedSecrets) {
        SortedMap<String, Snapshot> assumed = new TreeMap<>();
        snapshots.forEach((namespace, snapshot) -> {
            Map<String, Map<String, String>> secrets = new TreeMap<>();
            snapshot.secrets().forEach((name, data) -> secrets.put(name, new TreeMap<>(data)));
            List<SecretKeyRef> refs = new ArrayList<>();
            for (AIKey key : snapshot.keys()) {
                if (key.getSpec() == null) {
                    continue;
                }
                if (key.getSpec().getSecretRef() != null) {
                    refs.add(key.getSpec().getSecretRef());
                } else if (generatedKeys) {
                    // Only when the Secret is absent: one that exists is what the operator reads.
                    secrets.computeIfAbsent(GatewayObjects.generatedKeySecretName(key.getMetadata().getName()),
                            n -> new TreeMap<>(Map.of(GatewayObjects.GENERATED_KEY_DATA_KEY, ClientKeys.generate())));
                }
            }
            snapshot.upstreams().forEach(upstream -> refs.addAll(RoutingCompiler.secretKeysReferencedBy(upstream)));
            if (referencedSecrets) {
                for (SecretKeyRef ref : refs) {
                    if (ref != null && ref.getName() != null && ref.getKey() != null) {
                        secrets.computeIfAbsent(ref.getName(), n -> new TreeMap<>())
                                .putIfAbsent(ref.getKey(), "placeholder-" + ref.getName() + "-" + ref.getKey());
                    }
                }
            }
            assumed.put(namespace, new Snapshot(namespace, snapshot.gateways(), snapshot.upstreams(),
                    snapshot.services(), snapshot.rules(), snapshot.keys(), secrets));
        });
        return assumed;
    }

    private void buildSnapshots() {
        Map<String, Map<Class<?>, List<HasMetadata>>> byNamespace = new TreeMap<>();
        Map<String, Map<String, Map<String, String>>> secrets = new TreeMap<>();
        for (LoadedResource resource : byRef.values()) {
            if (resource.resource() == null) {
                continue;
            }
            String namespace = resource.ref().namespace();
            if (resource.resource() instanceof Secret secret) {
                try {
                    secrets.computeIfAbsent(namespace, n -> new TreeMap<>())
                            .put(secret.getMetadata().getName(), Snapshot.decode(secret));
                } catch (IllegalArgumentException e) {
                    problems.add(resource.ref() + ": data is not valid base64 (" + resource.source() + ")");
                }
                continue;
            }
            byNamespace.computeIfAbsent(namespace, n -> new LinkedHashMap<>())
                    .computeIfAbsent(resource.resource().getClass(), c -> new ArrayList<>())
                    .add(resource.resource());
        }
        secrets.keySet().forEach(namespace -> byNamespace.computeIfAbsent(namespace, n -> new LinkedHashMap<>()));
        byNamespace.forEach((namespace, byClass) -> snapshots.put(namespace, new Snapshot(namespace,
                list(byClass, AIGateway.class), list(byClass, AIUpstream.class), list(byClass, AIService.class),
                list(byClass, AIRule.class), list(byClass, AIKey.class),
                secrets.getOrDefault(namespace, Map.of()))));
    }

    private static <T> List<T> list(Map<Class<?>, List<HasMetadata>> byClass, Class<T> type) {
        return byClass.getOrDefault(type, List.of()).stream().map(type::cast).toList();
    }
}
