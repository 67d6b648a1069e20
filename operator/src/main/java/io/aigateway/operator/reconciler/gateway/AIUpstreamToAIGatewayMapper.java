package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** An AIUpstream concerns the AIGateways that route to it: through the services that name it, and their rules. */
public final class AIUpstreamToAIGatewayMapper implements SecondaryToPrimaryMapper<AIUpstream> {

    private final IndexLookup<AIService> servicesByUpstream;
    private final AIServiceToAIGatewayMapper serviceToGateways;

    /** @param servicesByUpstream the {@link Indexes#SERVICES_BY_UPSTREAM} index of an AIService cache */
    public AIUpstreamToAIGatewayMapper(IndexLookup<AIService> servicesByUpstream,
            AIServiceToAIGatewayMapper serviceToGateways) {
        this.servicesByUpstream = servicesByUpstream;
        this.serviceToGateways = serviceToGateways;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIUpstream upstream) {
        return servicesByUpstream.byKey(Indexes.key(upstream)).stream()
                .flatMap(service -> serviceToGateways.toPrimaryResourceIDs(service).stream())
                .collect(Collectors.toSet());
    }
}
