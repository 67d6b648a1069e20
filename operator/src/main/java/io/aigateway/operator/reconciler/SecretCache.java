package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's one cache of the Secrets of its watched namespaces, shared by the reconcilers that read Secrets
 * (AIGateway, AIUpstream, AIKey; see {@link SharedSecretEventSource}): one list and watch per namespace (one for
 * all when every namespace is watched), and of each Secret only what the compiler reads: its name, namespace and
 * data. A cluster with many Secrets can narrow it further with a {@link SecretSelector}.
 *
 * <p>Started by the first event source that starts, stopped with the last; whoever holds it reads it once started.
 */
public final class SecretCache {

    /** Secrets listed per request: a LIST of every Secret at once would hold the whole response in the heap. */
    static final long LIST_PAGE = 500;

    private static final Logger LOG = LoggerFactory.getLogger(SecretCache.class);

    private final KubernetesClient client;
    private final Set<String> namespaces;
    private final SecretSelector selector;
    private final List<Consumer<Secret>> listeners = new CopyOnWriteArrayList<>();
    private final List<SharedIndexInformer<Secret>> informers = new CopyOnWriteArrayList<>();
    private int users;

    /** @param namespaces the watched namespaces; empty: all */
    public SecretCache(KubernetesClient client, Set<String> namespaces, SecretSelector selector) {
        this.client = client;
        this.namespaces = Set.copyOf(namespaces);
        this.selector = selector;
    }

    public SecretSelector selector() {
        return selector;
    }

    /** The Secret as cached: name, namespace, resourceVersion and data only. */
    public Optional<Secret> get(String namespace, String name) {
        String key = Cache.namespaceKeyFunc(namespace, name);
        return informers.stream().map(informer -> informer.getStore().getByKey(key))
                .filter(Objects::nonNull).findFirst();
    }

    /** Whether the cache is started, synced and watching every namespace, as JOSDK judges its own informers. */
    boolean healthy() {
        return !informers.isEmpty() && informers.stream()
                .allMatch(informer -> informer.isRunning() && informer.hasSynced() && informer.isWatching());
    }

    /** Tells {@code listener} of every Secret added, changed or deleted from now on. */
    void addListener(Consumer<Secret> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Secret> listener) {
        listeners.remove(listener);
    }

    /** Lists and watches the Secrets, on the first call; returns once the cache holds them all. */
    synchronized void start() {
        if (users++ > 0) {
            return;
        }
        List<Informable<Secret>> sources = namespaces.isEmpty()
                ? List.of(client.secrets().inAnyNamespace().withLabels(selector.labels()))
                : namespaces.stream().sorted()
                        .<Informable<Secret>>map(namespace -> client.secrets().inNamespace(namespace)
                                .withLabels(selector.labels()))
                        .toList();
        for (Informable<Secret> source : sources) {
            SharedIndexInformer<Secret> informer = source.withLimit(LIST_PAGE).runnableInformer(0)
                    .itemStore(new CompilerView())
                    .addEventHandler(new Fanout());
            informers.add(informer);
        }
        try {
            CompletableFuture.allOf(informers.stream().map(i -> i.start().toCompletableFuture())
                    .toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            // Not started: the next start tries again from scratch.
            informers.forEach(SharedIndexInformer::stop);
            informers.clear();
            users = 0;
            throw e;
        }
        LOG.info("Secret cache started{}: {} Secrets", selector.description().map(s -> " for labels " + s)
                .orElse(""), informers.stream().mapToInt(i -> i.getStore().list().size()).sum());
    }

    /** Stops watching once the last user stopped. */
    synchronized void stop() {
        if (users == 0 || --users > 0) {
            return;
        }
        informers.forEach(SharedIndexInformer::stop);
        informers.clear();
    }

    private final class Fanout implements ResourceEventHandler<Secret> {

        @Override
        public void onAdd(Secret secret) {
            listeners.forEach(listener -> listener.accept(secret));
        }

        @Override
        public void onUpdate(Secret before, Secret after) {
            listeners.forEach(listener -> listener.accept(after));
        }

        @Override
        public void onDelete(Secret secret, boolean finalStateUnknown) {
            listeners.forEach(listener -> listener.accept(secret));
        }
    }

    /**
     * Keeps of each Secret what the compiler reads: annotations (a kubectl apply copies the whole Secret into one),
     * labels, managedFields, owners and type go. The informer hands the same object to the event handlers, which
     * map it by namespace and name only. resourceVersion stays: the informer resumes its watch from it.
     */
    static final class CompilerView extends BasicItemStore<Secret> {

        CompilerView() {
            super(Cache::metaNamespaceKeyFunc);
        }

        @Override
        public Secret put(String key, Secret secret) {
            return super.put(key, strip(secret));
        }

        static Secret strip(Secret secret) {
            var metadata = secret.getMetadata();
            secret.setMetadata(new ObjectMetaBuilder()
                    .withName(metadata.getName())
                    .withNamespace(metadata.getNamespace())
                    .withResourceVersion(metadata.getResourceVersion())
                    .build());
            secret.setType(null);
            secret.setImmutable(null);
            secret.getAdditionalProperties().clear();
            return secret;
        }
    }
}
