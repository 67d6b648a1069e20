package io.aigateway.operator.reconciler.service;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** An AIUpstream concerns the AIServices that name it. */
public final class AIUpstreamToAIServiceMapper implements SecondaryToPrimaryMapper<AIUpstream> {

    private final IndexLookup<AIService> servicesByUpstream;

    /** @param servicesByUpstream the {@link Indexes#SERVICES_BY_UPSTREAM} index of an AIService cache */
    public AIUpstreamToAIServiceMapper(IndexLookup<AIService> servicesByUpstream) {
        this.servicesByUpstream = servicesByUpstream;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIUpstream upstream) {
        return servicesByUpstream.byKey(Indexes.key(upstream)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
