package io.aigateway.operator.reconciler.gateway;

import io.aigateway.model.GatewayNames;
import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.compiler.CompiledGateway;
import io.aigateway.operator.compiler.GatewayObjects;
import io.aigateway.operator.compiler.Snapshot;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.processing.dependent.kubernetes.KubernetesDependent;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Secret {@code <gateway>-credentials}: the provider credentials the routing config refers to, written before
 * the config that refers to them. Owned by the gateway.
 */
@KubernetesDependent(informer = @Informer(
        labelSelector = GatewayObjects.MANAGED_BY_LABEL + "=" + GatewayObjects.MANAGED_BY))
public class CredentialsSecretDependent extends KeptGatewayObjectDependent<Secret> {

    public CredentialsSecretDependent() {
        super(Secret.class);
    }

    @Override
    protected Secret desired(AIGateway gateway, Context<AIGateway> context) {
        String namespace = gateway.getMetadata().getNamespace();
        GatewayCompilation compilation = GatewayCompilation.from(context);
        if (compilation.writable().isPresent()) {
            return GatewayObjects.credentialsSecret(namespace, compilation.writable().get());
        }
        return whileRoutingWaits(namespace, GatewayCompilation.acceptedFrom(context),
                getSecondaryResource(gateway, context));
    }

    /**
     * The Secret while the routing change waits, which the rotation of credentials does not: the entries compiled,
     * over those the config still served reads, which must stay until it is replaced. When the compiled ones do not
     * fit either, the Secret written stays as it is.
     */
    static Secret whileRoutingWaits(String namespace, CompiledGateway compiled, Optional<Secret> written) {
        if (!compiled.credentialsFit()) {
            return written.map(WrittenObjects::secret).orElseGet(() -> GatewayObjects.credentialsSecret(namespace,
                    compiled.gateway(), new TreeMap<>()));
        }
        SortedMap<String, String> entries = new TreeMap<>(written.map(Snapshot::decode).orElse(Map.of()));
        entries.putAll(compiled.credentials());
        return GatewayObjects.credentialsSecret(namespace, compiled.gateway(), entries);
    }

    @Override
    public String objectName(AIGateway gateway) {
        return GatewayNames.credentialsSecretName(gateway.getMetadata().getName());
    }
}
