package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIGateway;
import io.aigateway.operator.api.v1alpha1.AIKey;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Secret concerns the AIGateways whose config depends on it: those routing to an AIUpstream that takes
 * credentials from it, those of the AIKeys whose key it holds, and those whose rate-limit store reads it.
 */
public final class SecretToAIGatewayMapper implements SecondaryToPrimaryMapper<Secret> {

    private final IndexLookup<AIUpstream> upstreamsBySecret;
    private final AIUpstreamToAIGatewayMapper upstreamToGateways;
    private final IndexLookup<AIKey> keysBySecret;
    private final AIKeyToAIGatewayMapper keyToGateway = new AIKeyToAIGatewayMapper();
    private final IndexLookup<AIGateway> gatewaysBySecret;

    /**
     * @param upstreamsBySecret the {@link Indexes#UPSTREAMS_BY_SECRET} index of an AIUpstream cache
     * @param keysBySecret the {@link Indexes#KEYS_BY_SECRET} index of an AIKey cache
     * @param gatewaysBySecret the {@link Indexes#GATEWAYS_BY_SECRET} index of the AIGateway cache
     */
    public SecretToAIGatewayMapper(IndexLookup<AIUpstream> upstreamsBySecret,
            AIUpstreamToAIGatewayMapper upstreamToGateways, IndexLookup<AIKey> keysBySecret,
            IndexLookup<AIGateway> gatewaysBySecret) {
        this.upstreamsBySecret = upstreamsBySecret;
        this.upstreamToGateways = upstreamToGateways;
        this.keysBySecret = keysBySecret;
        this.gatewaysBySecret = gatewaysBySecret;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(Secret secret) {
        String key = Indexes.key(secret);
        return Stream.of(
                upstreamsBySecret.byKey(key).stream()
                        .flatMap(upstream -> upstreamToGateways.toPrimaryResourceIDs(upstream).stream()),
                keysBySecret.byKey(key).stream()
                        .flatMap(aiKey -> keyToGateway.toPrimaryResourceIDs(aiKey).stream()),
                gatewaysBySecret.byKey(key).stream().map(ResourceID::fromResource))
                .flatMap(ids -> ids)
                .collect(Collectors.toSet());
    }
}
