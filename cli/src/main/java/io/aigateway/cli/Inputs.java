package io.aigateway.cli;

import io.aigateway.cli.resources.LoadResult;
import io.aigateway.cli.resources.LoadedResource;
import io.aigateway.cli.resources.ResourceLoader;
import io.aigateway.cli.schema.ResourceValidator;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The loaded input of a command, checked as the API server would admit it and grouped into one compiler
 * {@link Snapshot} per namespace. When a resource is given twice, the later one wins, as with {@code kubectl apply},
 * and {@link #unreadable()} says so. A resource the API server would reject (its CRD's schema or CEL rules, a
 * Secret's base64) is left out of the snapshots, as a cluster would not hold it, or, when the input is read again by
 * {@code aigw run}, replaced by its version from the read before, as a cluster would keep it.
 */
final class Inputs {

    private static final class Validator {
        static final ResourceValidator INSTANCE = ResourceValidator.fromClasspath();
    }

    private final LoadResult loaded;
    private final Map<ResourceRef, LoadedResource> byRef = new LinkedHashMap<>();
    private final List<String> unreadable = new ArrayList<>();
    private final Map<ResourceRef, List<String>> rejected = new LinkedHashMap<>();
    /** What the snapshots hold: the resources admitted, and the earlier versions kept for rejected ones. */
    private final Map<ResourceRef, LoadedResource> admitted = new LinkedHashMap<>();
    private final List<ResourceRef> kept = new ArrayList<>();
    private final SortedMap<String, Snapshot> snapshots = new TreeMap<>();

    private Inputs(LoadResult loaded, Inputs before) {
        this.loaded = loaded;
        unreadable.addAll(loaded.errors());
        for (LoadedResource resource : loaded.resources()) {
            LoadedResource previous = byRef.put(resource.ref(), resource);
            if (previous != null) {
                unreadable.add(resource.ref() + ": given twice, in " + previous.source() + " and "
                        + resource.source() + "; the last one is used");
            }
        }
        for (LoadedResource resource : byRef.values()) {
            List<String> problems = admission(resource);
            if (problems.isEmpty()) {
                admitted.put(resource.ref(), resource);
                continue;
            }
            rejected.put(resource.ref(), problems);
            LoadedResource earlier = before == null ? null : before.admitted.get(resource.ref());
            if (earlier != null) {
                admitted.put(resource.ref(), earlier);
                kept.add(resource.ref());
            }
        }
        buildSnapshots();
    }

    static Inputs load(InputOptions options) {
        return load(options, null);
    }

    /**
     * Reads the input again: a resource now rejected keeps its version from {@code before}, if it had one there.
     *
     * @param before the input read before, or null
     */
    static Inputs load(InputOptions options, Inputs before) {
        return new Inputs(new ResourceLoader(options.namespace).load(options.paths), before);
    }

    /** Resources and Secrets, in input order, duplicates included. */
    List<LoadedResource> resources() {
        return loaded.resources();
    }

    int ignored() {
        return loaded.ignored();
    }

    /**
     * Why the input cannot be used as a whole, one line each: unreadable files and documents, resources given
     * twice. Empty when it can.
     */
    List<String> unreadable() {
        return List.copyOf(unreadable);
    }

    /**
     * What the API server would reject, one line per problem: {@code Kind namespace/name: field: what is wrong
     * (file#document)}.
     */
    List<String> rejections() {
        return rejected.values().stream().flatMap(List::stream).toList();
    }

    /** Whether the API server would reject this resource of the input. */
    boolean isRejected(ResourceRef ref) {
        return rejected.containsKey(ref);
    }

    /** The rejected resources whose version from the read before stays in the snapshots. */
    List<ResourceRef> kept() {
        return List.copyOf(kept);
    }

    /** Everything wrong with the input before it is compiled: {@link #unreadable()}, then {@link #rejections()}. */
    List<String> problems() {
        List<String> problems = new ArrayList<>(unreadable);
        problems.addAll(rejections());
        return problems;
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
            snapshot.gateways().forEach(gateway -> refs.addAll(RoutingCompiler.secretKeysReferencedBy(gateway)));
            if (referencedSecrets) {
                for (SecretKeyRef ref : refs) {
                    if (ref != null && ref.getName() != null && ref.getKey() != null) {
                        secrets.computeIfAbsent(ref.getName(), n -> new TreeMap<>())
                                .putIfAbsent(ref.getKey(), "placeholder-" + ref.getName() + "-" + ref.getKey());
                    }
                }
            }
            assumed.put(namespace, new Snapshot(namespace, snapshot.gateways(), snapshot.upstreams(),
                    snapshot.services(), snapshot.rules(), snapshot.keys(), secrets, snapshot.rejected()));
        });
        return assumed;
    }

    /** What the API server would say about one resource: its schema and CEL rules, a Secret's base64. */
    private static List<String> admission(LoadedResource resource) {
        String suffix = " (" + resource.source() + ")";
        if (resource.resource() instanceof Secret secret) {
            try {
                Snapshot.decode(secret);
                return List.of();
            } catch (Snapshot.InvalidSecretDataException e) {
                return List.of(resource.ref() + ": " + e.getMessage() + suffix);
            }
        }
        List<String> problems = Validator.INSTANCE.validate(resource.raw()).stream()
                .map(problem -> resource.ref() + ": " + problem + suffix)
                .toList();
        if (problems.isEmpty() && resource.resource() == null) {
            // Only when the schema check misses what the typed class cannot hold.
            return List.of(resource.ref() + ": cannot be read as a " + resource.ref().kind() + suffix);
        }
        return problems;
    }

    private void buildSnapshots() {
        Map<String, Map<Class<?>, List<HasMetadata>>> byNamespace = new TreeMap<>();
        Map<String, Map<String, Map<String, String>>> secrets = new TreeMap<>();
        for (LoadedResource resource : admitted.values()) {
            String namespace = resource.ref().namespace();
            if (resource.resource() instanceof Secret secret) {
                secrets.computeIfAbsent(namespace, n -> new TreeMap<>())
                        .put(secret.getMetadata().getName(), Snapshot.decode(secret));
                continue;
            }
            byNamespace.computeIfAbsent(namespace, n -> new LinkedHashMap<>())
                    .computeIfAbsent(resource.resource().getClass(), c -> new ArrayList<>())
                    .add(resource.resource());
        }
        secrets.keySet().forEach(namespace -> byNamespace.computeIfAbsent(namespace, n -> new LinkedHashMap<>()));
        Map<String, Set<ResourceRef>> rejectedByNamespace = new TreeMap<>();
        rejected.keySet().stream().filter(ref -> !admitted.containsKey(ref)).forEach(ref ->
                rejectedByNamespace.computeIfAbsent(ref.namespace(), n -> new HashSet<>()).add(ref));
        rejectedByNamespace.keySet().forEach(namespace ->
                byNamespace.computeIfAbsent(namespace, n -> new LinkedHashMap<>()));
        byNamespace.forEach((namespace, byClass) -> snapshots.put(namespace, new Snapshot(namespace,
                list(byClass, AIGateway.class), list(byClass, AIUpstream.class), list(byClass, AIService.class),
                list(byClass, AIRule.class), list(byClass, AIKey.class),
                secrets.getOrDefault(namespace, Map.of()), rejectedByNamespace.getOrDefault(namespace, Set.of()))));
    }

    private static <T> List<T> list(Map<Class<?>, List<HasMetadata>> byClass, Class<T> type) {
        return byClass.getOrDefault(type, List.of()).stream().map(type::cast).toList();
    }
}
