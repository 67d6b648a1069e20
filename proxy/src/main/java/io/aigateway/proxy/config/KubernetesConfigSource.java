package io.aigateway.proxy.config;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Config from the cluster: the ConfigMap {@code <gateway>-routing} (key {@code routing.json}) and the Secret
 * {@code <gateway>-credentials}, each watched by name with an informer, so a change is reported as soon as the API
 * server sends it.
 */
public final class KubernetesConfigSource implements ConfigSource {

    private static final Logger LOG = LoggerFactory.getLogger(KubernetesConfigSource.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String configMapName;
    private final String secretName;
    private SharedIndexInformer<ConfigMap> configMaps;
    private SharedIndexInformer<Secret> secrets;
    private volatile boolean synced;
    private Consumer<ConfigVersion> onChange;

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
        String json = cm.getData() == null ? null : cm.getData().get(RoutingConfigJson.CONFIG_MAP_KEY);
        Secret secret = secrets.getStore().getByKey(namespace + "/" + secretName);
        Map<String, String> credentials = secret == null ? Map.of() : entries(secret);
        String origin = "ConfigMap " + namespace + "/" + configMapName + "@" + cm.getMetadata().getResourceVersion()
                + (secret == null ? ", no Secret " + secretName
                        : ", Secret " + secretName + "@" + secret.getMetadata().getResourceVersion());
        try {
            onChange.accept(new ConfigVersion(json == null ? "" : json, credentials, origin));
        } catch (RuntimeException e) {
            LOG.warn("Config consumer failed: {}", e.toString());
        }
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
        if (configMaps != null) {
            configMaps.close();
        }
        if (secrets != null) {
            secrets.close();
        }
    }
}
