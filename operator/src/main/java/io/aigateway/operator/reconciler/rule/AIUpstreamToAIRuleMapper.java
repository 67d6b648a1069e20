package io.aigateway.operator.reconciler.rule;

import io.aigateway.operator.api.v1alpha1.AIService;
import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.aigateway.operator.reconciler.ThroughIndexMapper;

/**
 * An AIUpstream concerns the AIRules whose service names it: a rule's ResolvedRefs covers its service's upstream.
 */
public final class AIUpstreamToAIRuleMapper extends ThroughIndexMapper<AIUpstream, AIService> {

    /** @param servicesByUpstream the {@link Indexes#SERVICES_BY_UPSTREAM} index of an AIService cache */
    public AIUpstreamToAIRuleMapper(IndexLookup<AIService> servicesByUpstream,
            AIServiceToAIRuleMapper serviceToRules) {
        super(servicesByUpstream, serviceToRules);
    }
}
