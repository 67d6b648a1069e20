package io.aigateway.proxy.config;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigJson;
import io.aigateway.model.RoutingConfigShards;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config from the cluster: the ConfigMap {@code <gateway>-routing} (key {@code routing.json}) and the Secret
 * {@code <gateway>-credentials}, each watched by name with an informer, so a change is reported as soon as the API
 * server sends it. A config too large for one ConfigMap is a manifest there instead ({@link RoutingConfigShards}):
 * its shards are read by name, and a version is reported only once every shard it lists is there with its digest;
 * until then the last one reported stands, and the shards are read again a little later.
 */
public final class KubernetesConfigSource implements ConfigSource {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesConfigSource.class);
    private static final long RETRY_SECONDS = 2;

    private final KubernetesClient client;
    private final String namespace;
    private final String configMapName;
    private final String secretName;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private volatile boolean synced;
    private Consumer<ConfigVersion> onChange;
    /** Shards read, by name: a name is a digest of the content, so a shard once read never changes. */
    private Map<String, byte[]> shards = Map.of();
    private ScheduledExecutorService retries;
    private ScheduledFuture<?> retry;
    /** The manifest (ConfigMap and resource version) last warned about as incomplete. */
    private String warnedAbout;

    public KubernetesConfigSource(KubernetesClient client, String namespace, String gateway) {
        this.client = client;
        this.namespace = namespace;
        this.configMapName = GatewayNames.routingConfigMapName(gateway);
        this.secretName = GatewayNames.credentialsSecretName(gateway);
    }

    /** Starts both informers and waits for their first list (blocking), then reports the current version. */
    @Override
    public synchronized void start(Consumer<ConfigVersion> onChange) {
        if (this.onChange != null) {
            throw new IllegalStateException("already started");
        }
        this.onChange = onChange;
        retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aigw-config-shards");
            t.setDaemon(true);
            return t;
        });
        configMaps = client.configMaps().inNamespace(namespace).withName(configMapName).runnableInformer(0);
        configMaps.addEventHandler(new Changed<>());
        secrets = client.secrets().inNamespace(namespace).withName(secretName).runnableInformer(0);
        secrets.addEventHandler(new Changed<>());
        configMaps.start().toCompletableFuture().join();
        secrets.start().toCompletableFuture().join();
        synced = true;
        publish();
    }

    private final class Changed<T extends HasMetadata> implements ResourceEventHandler<T> {
        @Override
        public void onAdd(T obj) {
            publish();
        }

        @Override
        public void onUpdate(T oldObj, T newObj) {
            publish();
        }

        @Override
        public void onDelete(T obj, boolean deletedFinalStateUnknown) {
            // Keep serving what we have: a deleted ConfigMap is no reason to stop routing.
            LOG.warn("{} {}/{} was deleted; keeping the last config", obj.getKind(), namespace,
                    obj.getMetadata().getName());
        }
    }

    private synchronized void publish() {
        if (!synced) {
            return;
        }
        ConfigMap cm = configMaps.getStore().getByKey(namespace + "/" + configMapName);
        if (cm == null) {
            LOG.info("Waiting for ConfigMap {}/{}", namespace, configMapName);
            return;
        }
        Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
        String origin = "ConfigMap " + namespace + "/" + configMapName + "@" + cm.getMetadata().getResourceVersion();
        String json = data.get(RoutingConfigJson.CONFIG_MAP_KEY);
        String manifest = data.get(RoutingConfigShards.MANIFEST_KEY);
        if (json == null && manifest != null) {
            try {
                RoutingConfigShards.Manifest listed = RoutingConfigShards.Manifest.fromJson(manifest);
                json = assemble(listed);
                origin += " (" + listed.shards().size() + " shards)";
            } catch (RoutingConfigShards.IncompleteException | IllegalArgumentException | KubernetesClientException e) {
                // A shard not there yet or not the one listed, a manifest that is not one, or a shard not readable.
                // Said once per manifest: a shard that is late keeps failing every retry until it arrives.
                if (origin.equals(warnedAbout)) {
                    LOG.debug("Still cannot assemble the config {} lists: {}", origin, e.getMessage());
                } else {
                    LOG.warn("Cannot assemble the config {} lists: {}; keeping the last one, trying again every {} s",
                            origin, e.getMessage(), RETRY_SECONDS);
                    warnedAbout = origin;
                }
                if (retry == null) {
                    retry = retries.schedule(this::retry, RETRY_SECONDS, TimeUnit.SECONDS);
                }
                return;
            }
        }
        Secret secret = secrets.getStore().getByKey(namespace + "/" + secretName);
        Map<String, String> credentials = secret == null ? Map.of() : entries(secret);
        origin += secret == null ? ", no Secret " + secretName
                : ", Secret " + secretName + "@" + secret.getMetadata().getResourceVersion();
        try {
            onChange.accept(new ConfigVersion(json == null ? "" : json, credentials, origin));
        } catch (RuntimeException e) {
            LOG.warn("Config consumer failed: {}", e.toString());
        }
    }

    private synchronized void retry() {
        retry = null;
        publish();
    }

    /**
     * The config the manifest lists, from the shards read before and those read now by name; keeps only the
     * manifest's shards for next time.
     *
     * @throws RoutingConfigShards.IncompleteException when a shard is missing or is not the one listed
     */
    private String assemble(RoutingConfigShards.Manifest manifest) {
        Map<String, byte[]> listed = new HashMap<>();
        for (RoutingConfigShards.Shard shard : manifest.shards()) {
            byte[] bytes = shards.get(shard.name());
            if (bytes == null) {
                ConfigMap read = client.configMaps().inNamespace(namespace).withName(shard.name()).get();
                String base64 = read == null || read.getBinaryData() == null ? null
                        : read.getBinaryData().get(RoutingConfigShards.SHARD_KEY);
                bytes = base64 == null ? null : Base64.getDecoder().decode(base64);
            }
            if (bytes != null) {
                listed.put(shard.name(), bytes);
            }
        }
        String json = RoutingConfigShards.assemble(manifest, listed);
        shards = listed;
        return json;
    }

    private static Map<String, String> entries(Secret secret) {
        Map<String, String> entries = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((k, v) -> {
                try {
                    entries.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    LOG.warn("Secret entry {} is not base64; skipped", k);
                }
            });
        }
        if (secret.getStringData() != null) {
            entries.putAll(secret.getStringData());
        }
        return entries;
    }

    @Override
    public synchronized void close() {
        if (retries != null) {
            retries.shutdownNow();
        }
        if (configMaps != null) {
            configMaps.close();
        }
        if (secrets != null) {
            secrets.close();
        }
    }
}
