package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Maps a secondary resource to the primaries an index files under its {@code namespace/name}: the AIKeys that
 * name a gateway, the AIUpstreams that read a Secret. Subclasses only name the pairing.
 *
 * @param <S> the secondary resource whose change is mapped
 */
public abstract class IndexedMapper<S extends HasMetadata> implements SecondaryToPrimaryMapper<S> {

    private final IndexLookup<? extends HasMetadata> primariesByReference;

    protected IndexedMapper(IndexLookup<? extends HasMetadata> primariesByReference) {
        this.primariesByReference = primariesByReference;
    }

    @Override
    public Set<ResourceID> toPrimaryResourceIDs(S secondary) {
        return primariesByReference.byKey(Indexes.key(secondary)).stream()
                .map(ResourceID::fromResource)
                .collect(Collectors.toSet());
    }
}
