package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An AIUpstream concerns the AIRules whose service names it: a rule's ResolvedRefs covers its service's upstream.
 */
public final class AIUpstreamToAIRuleMapper implements SecondaryToPrimaryMapper<AIUpstream> {

    private final IndexLookup<AIService> servicesByUpstream;
    private final AIServiceToAIRuleMapper serviceToRules;

    /** @param servicesByUpstream the {@link Indexes#SERVICES_BY_UPSTREAM} index of an AIService cache */
    public AIUpstreamToAIRuleMapper(IndexLookup<AIService> servicesByUpstream,
            AIServiceToAIRuleMapper serviceToRules) {
        this.servicesByUpstream = servicesByUpstream;
        this.serviceToRules = serviceToRules;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(AIUpstream upstream) {
        return servicesByUpstream.byKey(Indexes.key(upstream)).stream()
                .flatMap(service -> serviceToRules.toPrimaryResourceIDs(service).stream())
                .collect(Collectors.toSet());
    }
}
