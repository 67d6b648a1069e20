package io.aigateway.operator.reconciler.upstream;

import io.aigateway.operator.api.v1alpha1.AIUpstream;
import io.aigateway.operator.reconciler.IndexLookup;
import io.aigateway.operator.reconciler.Indexes;
import io.fabric8.kubernetes.api.model.Secret;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/** A Secret concerns the AIUpstreams whose targets take credentials from it. */
public final class SecretToAIUpstreamMapper implements SecondaryToPrimaryMapper<Secret> {

    private final IndexLookup<AIUpstream> upstreamsBySecret;

    /** @param upstreamsBySecret the {@link Indexes#UPSTREAMS_BY_SECRET} index of the AIUpstream cache */
    public SecretToAIUpstreamMapper(IndexLookup<AIUpstream> upstreamsBySecret) {
        this.upstreamsBySecret = upstreamsBySecret;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(Secret secret) {
        return upstreamsBySecret.byKey(Indexes.key(secret)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
