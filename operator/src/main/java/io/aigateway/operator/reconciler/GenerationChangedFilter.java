package io.aigateway.operator.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Objects;

/**
 * Passes an update of one of our custom resources only when its spec changed (its generation moved). The
 * compiler reads specs only, so a status patch, which every reconciler makes, must not wake the others.
 */
public final class GenerationChangedFilter<R extends HasMetadata> implements OnUpdateFilter<R> {

    @Override
    public boolean accept(R newResource, R oldResource) {
        return !Objects.equals(newResource.getMetadata().getGeneration(), oldResource.getMetadata().getGeneration());
    }
}
