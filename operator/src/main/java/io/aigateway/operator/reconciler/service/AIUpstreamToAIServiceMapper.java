package io.aigateway.operator.reconciler.service;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.IndexedMapper;
import io.aigateway.operator.reconciler.Indexes;

/** An AIUpstream concerns the AIServices that name it. */
public final class AIUpstreamToAIServiceMapper extends IndexedMapper<AIUpstream> {

    /** @param servicesByUpstream the {@link Indexes#SERVICES_BY_UPSTREAM} index of an AIService cache */
    public AIUpstreamToAIServiceMapper(IndexLookup<AIService> servicesByUpstream) {
        super(servicesByUpstream);
    }
}
