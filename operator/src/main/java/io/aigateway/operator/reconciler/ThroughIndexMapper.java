package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a secondary resource through the resources that refer to it (found by an index) to the primaries those
 * concern: an AIUpstream through the AIServices that name it. Subclasses only name the pairing.
 *
 * @param <S> the secondary resource whose change is mapped
 * @param <I> the resources in between
 */
public abstract class ThroughIndexMapper<S extends HasMetadata, I extends HasMetadata>
        implements SecondaryToPrimaryMapper<S> {

    private final IndexLookup<I> referrers;
    private final SecondaryToPrimaryMapper<I> next;

    protected ThroughIndexMapper(IndexLookup<I> referrers, SecondaryToPrimaryMapper<I> next) {
        this.referrers = referrers;
        this.next = next;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(S secondary) {
        return referrers.byKey(Indexes.key(secondary)).stream()
                .flatMap(referrer -> next.toPrimaryResourceIDs(referrer).stream())
                .collect(Collectors.toSet());
    }
}
