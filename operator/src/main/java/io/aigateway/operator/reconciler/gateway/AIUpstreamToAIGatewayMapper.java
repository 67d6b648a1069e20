package io.aigateway.operator.reconciler.gateway;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ThroughIndexMapper;

/** An AIUpstream concerns the AIGateways that route to it: through the services that name it, and their rules. */
public final class AIUpstreamToAIGatewayMapper extends ThroughIndexMapper<AIUpstream, AIService> {

    /** @param servicesByUpstream the {@link Indexes#SERVICES_BY_UPSTREAM} index of an AIService cache */
    public AIUpstreamToAIGatewayMapper(IndexLookup<AIService> servicesByUpstream,
            AIServiceToAIGatewayMapper serviceToGateways) {
        super(servicesByUpstream, serviceToGateways);
    }
}
