package io.aigateway.operator.compiler;

import io.aigateway.model.GatewayNames;
import io.aigateway.model.RoutingConfigJson;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Kubernetes objects a compiled gateway is written as, and their labels. Shared by the reconciler and the CLI
 * so that both produce the same objects; the names the proxy reads too are {@link GatewayNames}, in the model.
 */
public final class GatewayObjects {

    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "ai-gateway-operator";
    public static final String GATEWAY_LABEL = "aigateway.io/gateway";
    public static final String REVISION_ANNOTATION = "aigateway.io/config-revision";

    /** The data key of a Secret the operator generates for an AIKey. */
    public static final String GENERATED_KEY_DATA_KEY = "key";

    private GatewayObjects() {
    }

    /** Where the key of an AIKey without secretRef lives. */
    public static String generatedKeySecretName(String aiKey) {
        return aiKey + "-client-key";
    }

    public static Map<String, String> labels(String gateway) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(MANAGED_BY_LABEL, MANAGED_BY);
        labels.put(GATEWAY_LABEL, gateway);
        return labels;
    }

    public static ConfigMap configMap(String namespace, CompiledGateway compiled) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(GatewayNames.routingConfigMapName(compiled.gateway()))
                .withNamespace(namespace)
                .withLabels(labels(compiled.gateway()))
                .addToAnnotations(REVISION_ANNOTATION, compiled.config().revision())
                .endMetadata()
                .addToData(RoutingConfigJson.CONFIG_MAP_KEY, compiled.configJson())
                .build();
    }

    public static Secret credentialsSecret(String namespace, CompiledGateway compiled) {
        Map<String, String> data = new TreeMap<>();
        compiled.credentials().forEach((entry, value) ->
                data.put(entry, Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        return new SecretBuilder()
                .withNewMetadata()
                .withName(GatewayNames.credentialsSecretName(compiled.gateway()))
                .withNamespace(namespace)
                .withLabels(labels(compiled.gateway()))
                .endMetadata()
                .withType("Opaque")
                .withData(data)
                .build();
    }
}
