package io.aigateway.operator.reconciler.upstream;

import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.IndexedMapper;
import io.aigateway.operator.reconciler.Indexes;
import io.fabric8.kubernetes.api.model.Secret;

/** A Secret concerns the AIUpstreams whose targets take credentials from it. */
public final class SecretToAIUpstreamMapper extends IndexedMapper<Secret> {

    /** @param upstreamsBySecret the {@link Indexes#UPSTREAMS_BY_SECRET} index of the AIUpstream cache */
    public SecretToAIUpstreamMapper(IndexLookup<AIUpstream> upstreamsBySecret) {
        super(upstreamsBySecret);
    }
}
